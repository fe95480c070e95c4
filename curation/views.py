"""The public's forms (suggest a listing or resource, report a problem) and the curators'
review queue: /curation/ for submissions, /curation/due/ for listings due a check."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from curation import services
from curation.access import (
    curator_required,
    get_organised_listing,
    get_submission,
    is_organiser,
    organised_listings,
)
from curation.diff import field_changes
from curation.forms import (
    ChangeNoteForm,
    DecisionForm,
    GroupReportForm,
    ListingSuggestionForm,
    ResourceReportForm,
    ResourceSuggestionForm,
    correction_form,
)
from curation.history import HISTORY_KINDS, RevertError, history_of, revert_change
from curation.imports import FileProblem, export_csv, import_csv
from curation.models import (
    GroupReport,
    GroupSuggestion,
    ModerationStatus,
    ResourceReport,
    ResourceSuggestion,
)
from curation.reverification import days_overdue, due_listings, due_resources, mark_verified
from curation.spam import over_limit
from curation.tables import TABLES
from curation.verification import LinkError, confirm_still_right, read_token, report_a_change
from groups.models import SupportGroup
from resources.models import Resource

logger = logging.getLogger(__name__)

TOO_MANY = (
    "A lot has been sent from here in the last hour. Please wait a while, then send it again: "
    "what you wrote is still here."
)
NOT_STORED = (
    "We could not save this just now. What you wrote is still here: please try again in a minute."
)


def take_submission(request: HttpRequest, forms: list, store) -> int | None:
    """Store a valid submission; None once stored, else the status to show the forms again."""
    if not all(form.is_valid() for form in forms):
        return 422
    if over_limit(request):
        forms[0].add_error(None, TOO_MANY)
        return 429
    try:
        store()
    except DatabaseError as error:
        logger.warning("A submission could not be stored (%s).", type(error).__name__)
        forms[0].add_error(None, NOT_STORED)
        return 503
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_listing(request: HttpRequest) -> HttpResponse:
    form = ListingSuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":

        def store():
            answers = form.answers
            services.submit(GroupSuggestion, categories=answers.pop("categories"), **answers)

        if (status := take_submission(request, [form], store)) is None:
            return redirect("curation:sent")
    return render(request, "curation/suggest_listing.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_resource(request: HttpRequest) -> HttpResponse:
    form = ResourceSuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":

        def store():
            services.submit(ResourceSuggestion, **form.answers)

        if (status := take_submission(request, [form], store)) is None:
            return redirect("curation:sent")
    return render(request, "curation/suggest_resource.html", {"form": form}, status=status)


def report(request: HttpRequest, item: SupportGroup | Resource) -> HttpResponse:
    is_listing = isinstance(item, SupportGroup)
    form_class, model = (
        (GroupReportForm, GroupReport) if is_listing else (ResourceReportForm, ResourceReport)
    )
    data = request.POST if request.method == "POST" else None
    form, fix = form_class(data), correction_form(item, data)
    status = 200
    if request.method == "POST":

        def store():
            about = {"group": item} if is_listing else {"resource": item}
            services.submit(model, **about, **form.answers, proposed=fix.proposed, seen=fix.seen)

        if (status := take_submission(request, [form, fix], store)) is None:
            return redirect("curation:sent")
    context = {"item": item, "form": form, "fix": fix, "is_listing": is_listing}
    return render(request, "curation/report_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def group_report(request: HttpRequest, slug: str) -> HttpResponse:
    return report(request, get_object_or_404(SupportGroup.objects.published(), slug=slug))


@require_http_methods(["GET", "HEAD", "POST"])
def resource_report(request: HttpRequest, slug: str) -> HttpResponse:
    return report(request, get_object_or_404(Resource.objects.published(), slug=slug))


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "curation/sent.html")


# The review queue


@never_cache
@curator_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ModerationStatus.NEW)
    if status not in ModerationStatus.values:
        status = ModerationStatus.NEW
    shown = request.GET.get("kind", "")
    counts = services.queue_counts()
    sections = []
    for kind, model in services.QUEUE_KINDS.items():
        if shown and kind != shown:
            continue
        records = services.queue_of(model, status=status)
        # One kind is paged; with every kind shown, each shows its first few (counted above).
        page = Paginator(records, 50).get_page(request.GET.get("page")) if shown else None
        sections.append(
            {
                "kind": kind,
                "label": services.QUEUE_LABELS[model],
                "page": page,
                "records": page.object_list if page else records[:10],
                "count": counts[kind].get(status, 0),
            }
        )
    context = {
        "status": status,
        "statuses": [
            (value, label, sum(by_status.get(value, 0) for by_status in counts.values()))
            for value, label in ModerationStatus.choices
        ],
        "sections": sections,
        "shown": shown,
    }
    return render(request, "curation/queue.html", context)


@never_cache
@curator_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record = get_submission(kind, pk)
    is_report = isinstance(record, GroupReport | ResourceReport)
    item = services.reported_item(record) if is_report else None
    changes = field_changes(record, item) if is_report else []
    form = DecisionForm(request.POST or None, fields=[change.name for change in changes])
    if request.method == "POST" and form.is_valid():
        try:
            made = services.record_decision(
                record=record,
                reviewer=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                fields=form.cleaned_data["apply"],
            )
        except services.DecisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, services.decision_message(record, made))
            if made is not None and not is_report:
                return redirect(admin_change_url(made))
            return redirect("curation:review", kind=kind, pk=pk)
    status = 422 if request.method == "POST" else 200
    made = services.made_from(record)
    context = {
        "record": record,
        "kind": kind,
        "item": item,
        "changes": changes,
        "form": form,
        "fields": services.submitted_fields(record),
        "made": made,
        "made_admin_url": admin_change_url(made) if made else "",
        "item_admin_url": admin_change_url(item) if item else "",
        "item_history_url": reverse(
            "curation:history",
            args=["listing" if kind == "listing-report" else "resource", item.pk],
        )
        if item
        else "",
    }
    return render(request, "curation/review.html", context, status=status)


def history_url(item) -> str:
    kind = next(kind for kind, model in HISTORY_KINDS.items() if isinstance(item, model))
    return reverse("curation:history", args=[kind, item.pk])


def admin_change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@never_cache
@curator_required
@require_http_methods(["GET", "HEAD", "POST"])
def due(request: HttpRequest) -> HttpResponse:
    what = "resources" if request.GET.get("what") == "resources" else "listings"
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("item") if pk.isdigit() and len(pk) < 19]
        marked = mark_verified(what=what, ids=ids, today=timezone.localdate())
        messages.success(request, f"Marked {marked} as checked today.")
        return redirect(
            reverse("curation:due") + ("?what=resources" if what == "resources" else "")
        )
    today = timezone.localdate()
    items = due_resources(today=today) if what == "resources" else due_listings(today=today)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    for item in page:
        last = item.last_reviewed if what == "resources" else item.last_verified
        item.overdue = days_overdue(last, today=today)
    context = {"what": what, "page": page, "days": settings.STALE_LISTING_DAYS, "today": today}
    return render(request, "curation/due.html", context)


@never_cache
@curator_required
@require_http_methods(["GET", "HEAD", "POST"])
def history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = HISTORY_KINDS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    status = 200
    if request.method == "POST":
        event = request.POST.get("event", "")
        try:
            if not event.isdigit() or len(event) > 18:
                raise RevertError("Choose a change to undo.")
            revert_change(item=item, event_id=int(event), user=request.user)
        except RevertError as error:
            messages.error(request, str(error))
            status = 422
        else:
            messages.success(request, "Put back as it was before that change.")
            return redirect("curation:history", kind=kind, pk=pk)
    context = {
        "item": item,
        "kind": kind,
        "changes": history_of(item),
        "admin_url": admin_change_url(item),
    }
    return render(request, "curation/history.html", context, status=status)


# Organisers and the contacts of listings

NOTHING_CHANGED = "Change at least one detail below, or tell us what changed."
PROPOSED = "Sent to our curators. The listing changes once they have checked it."


def link_problem(request: HttpRequest, error: LinkError) -> HttpResponse:
    return render(request, "curation/link_problem.html", {"message": error}, status=error.status)


def take_change(request: HttpRequest, note: ChangeNoteForm, fix, store) -> bool:
    """Store an organiser's or contact's change once both forms are valid and it says
    something; whether it was stored."""
    if not (note.is_valid() and fix.is_valid()):
        return False
    if not fix.proposed and not note.cleaned_data["details"].strip():
        note.add_error(None, NOTHING_CHANGED)
        return False
    store(details=note.cleaned_data["details"], proposed=fix.proposed, seen=fix.seen)
    return True


@never_cache
@login_required
def organiser_listings(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    listings = organised_listings(request.user).select_related("organization").order_by("name")
    waiting = services.waiting_changes(listings, user=request.user)
    for listing in listings:
        listing.waiting = waiting.get(listing.pk, 0)
    return render(request, "curation/organiser_listings.html", {"listings": listings})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def propose_change(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_organised_listing(request.user, slug)
    data = request.POST if request.method == "POST" else None
    note, fix = ChangeNoteForm(data), correction_form(listing, data)
    if request.method == "POST":

        def store(**change):
            services.propose_change(listing=listing, organiser=request.user, **change)

        if take_change(request, note, fix, store):
            messages.success(
                request, "Sent to our curators. The listing changes once they check it."
            )
            return redirect("curation:organiser_listings")
    context = {"listing": listing, "note": note, "fix": fix, "by_link": False}
    return render(request, "curation/propose_change.html", context, status=422 if data else 200)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def still_right(request: HttpRequest, token: str) -> HttpResponse:
    try:
        verification = read_token(token)
        if request.method == "POST":
            listing = confirm_still_right(request=verification)
            return render(request, "curation/verified.html", {"listing": listing})
    except LinkError as error:
        return render(
            request, "curation/link_problem.html", {"message": error}, status=error.status
        )
    return render(request, "curation/still_right.html", {"listing": verification.listing})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def changed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        verification = read_token(token)
        listing = verification.listing
        data = request.POST if request.method == "POST" else None
        note, fix = ChangeNoteForm(data), correction_form(listing, data)
        if data is not None:

            def store(**change):
                report_a_change(request=verification, **change)

            if take_change(request, note, fix, store):
                return redirect("curation:sent")
    except LinkError as error:
        return render(
            request, "curation/link_problem.html", {"message": error}, status=error.status
        )
    context = {"listing": listing, "note": note, "fix": fix, "by_link": True}
    return render(request, "curation/propose_change.html", context, status=422 if data else 200)


# Import and export

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@never_cache
@curator_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    report, problem, status = None, "", 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        table = request.POST.get("table") or None
        if upload is None:
            problem = "Choose a CSV file to check."
        elif upload.size > MAX_IMPORT_BYTES:
            problem = "The file is larger than 5 MB: split it into smaller files."
        elif table is not None and table not in TABLES:
            problem = "Choose a table from the list."
        else:
            try:
                apply = request.POST.get("apply") == "yes"
                report = import_csv(upload.read(), table=table, apply=apply, by=request.user.pk)
            except FileProblem as error:
                problem = str(error)
        status = 422 if problem or (report and report.errors) else 200
    context = {"report": report, "problem": problem, "tables": list(TABLES)}
    return render(request, "curation/import.html", context, status=status)


@never_cache
@curator_required
def export_file(request: HttpRequest, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404
    response = HttpResponse(export_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}.csv"'
    return response


@never_cache
@curator_required
def import_guide(request: HttpRequest) -> HttpResponse:
    """docs/import.md, for curators preparing a file: plain text reads well enough."""
    guide = (settings.BASE_DIR / "docs" / "import.md").read_text()
    return HttpResponse(guide, content_type="text/plain; charset=utf-8")
