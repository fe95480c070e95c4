from django.apps import AppConfig


class ListsConfig(AppConfig):
    """Advocates' saved lists: notes, order, share links and printable handouts."""

    name = "lists"
    verbose_name = "Saved lists"

    def account_data(self, user, request) -> dict:
        from lists.account import account_data

        return account_data(user, request)
