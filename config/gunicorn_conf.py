"""gunicorn's settings for `make serve` (loaded with ``-c python:config.gunicorn_conf``).

The access log leaves out the response size (gunicorn's ``%(b)s`` and ``%(B)s``): a receipt
page or a vote's answer whose size followed the choice would put how someone voted in a log
beside their address and the time. The pages are padded to one size too; this keeps the
number out of the log whatever a future page does.
"""

accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s "%(f)s" "%(a)s"'
