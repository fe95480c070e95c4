from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Support groups"

    def ready(self) -> None:
        from groups import signals  # noqa: F401  (connects the receivers)
