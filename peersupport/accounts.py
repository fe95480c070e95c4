"""Our adjustments to django-allauth."""

from allauth.mfa.adapter import DefaultMFAAdapter


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        # Drawn inline in the page (no data: image under our CSP), where an XML declaration
        # does not belong.
        svg = super().build_totp_svg(url)
        return svg.split("?>", 1)[-1].strip() if svg.startswith("<?xml") else svg
