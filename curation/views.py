"""Reports from the public: /groups/<slug>/report/ for a group listing."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from curation import services
from curation.forms import GroupReportForm
from groups.models import SupportGroup


def group_report(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published(), slug=slug)
    form = GroupReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.submit_group_report(group=group, **form.cleaned_data)
            return redirect("curation:group_report_sent", slug=group.slug)
        return render(
            request, "curation/group_report_form.html", {"group": group, "form": form}, status=422
        )
    return render(request, "curation/group_report_form.html", {"group": group, "form": form})


def group_report_sent(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published(), slug=slug)
    return render(request, "curation/group_report_sent.html", {"group": group})
