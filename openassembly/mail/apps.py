from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class MailConfig(AppConfig):
    """Mail to a whole roll, sent by the worker with progress and a row per recipient."""

    name = "openassembly.mail"
    label = "mail"
    verbose_name = "Mail runs"

    def ready(self) -> None:
        checks.register(site_url_check, checks.Tags.compatibility, deploy=True)

        from openassembly.core import notices, schedule

        from . import notices as mail_notices
        from . import states  # noqa: F401  (declares the notice's transition tables)

        notices.register_sender(mail_notices.queue_notice)  # apps below mail tell a member
        schedule.register("notices resumed", mail_notices.resume_stalled)


def site_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Links in mail are built from SITE_URL; the development default would send members to
    their own machine."""
    url = getattr(settings, "SITE_URL", "")
    if not url.startswith(("http://", "https://")):
        return [checks.Error("SITE_URL must be an absolute http(s) address, e.g. "
                             "https://assembly.example.org", id="openassembly.E001")]
    if not settings.DEBUG and ("127.0.0.1" in url or "localhost" in url):
        return [checks.Warning(f"SITE_URL is {url}: links in members' mail will not reach "
                               "this site. Set SITE_URL in the environment.",
                               id="openassembly.W001")]
    return []
