from django.apps import AppConfig


class PeerSupportConfig(AppConfig):
    name = "peersupport"
    verbose_name = "Site"

    def ready(self) -> None:
        from peersupport import lookups  # noqa: F401  (registers the lookups)
