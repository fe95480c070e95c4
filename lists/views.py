"""Advocates' lists: /lists/ for the owner, /shared/<token>/ for whoever has the link."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from groups import schedule
from groups.listing_page import OpeningTimes
from lists import services
from lists.access import get_own_item, get_own_list, get_shared_list
from lists.forms import ListForm, MoveForm, NoteForm, SaveForm
from lists.models import NAME_TAKEN, SavedList


@never_cache
@login_required
def list_index(request: HttpRequest) -> HttpResponse:
    form = ListForm(request.POST or None, owner=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved_list = services.create_list(owner=request.user, **form.cleaned_data)
            except services.ListNameTaken:
                form.add_error("name", NAME_TAKEN)
            else:
                return redirect("lists:detail", pk=saved_list.pk)
        status = 422
    own = SavedList.objects.filter(owner=request.user).order_by("name")
    context = {"lists": own.annotate(shown=services.count_shown_items()), "form": form}
    return render(request, "lists/list_index.html", context, status=status)


@never_cache
@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    form = ListForm(request.POST or None, instance=saved_list, owner=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rename_list(saved_list=saved_list, **form.cleaned_data)
            except services.ListNameTaken:
                form.add_error("name", NAME_TAKEN)
            else:
                messages.success(request, "The list was renamed.")
                return redirect("lists:detail", pk=saved_list.pk)
        saved_list.refresh_from_db()  # the form changed it in place
        return render_detail(request, saved_list, form, status=422)
    return render_detail(request, saved_list, form)


def render_detail(request, saved_list, form, status: int = 200) -> HttpResponse:
    context = {
        "list": saved_list,
        "items": with_next_meetings(services.items_for_page(saved_list)),
        "form": form,
        "share_url": request.build_absolute_uri(
            reverse("shared_list", args=[saved_list.share_token])
        )
        if saved_list.share_token
        else "",
    }
    return render(request, "lists/list_detail.html", context, status=status)


@never_cache
@login_required
def list_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    if request.method == "POST":
        saved_list.delete()
        messages.success(request, f"The list “{saved_list.name}” was deleted.")
        return redirect("lists:index")
    return render(request, "lists/list_confirm_delete.html", {"list": saved_list})


@require_POST
@login_required
def save_item(request: HttpRequest) -> HttpResponse:
    """Save a resource or group from its page or a search result; then go back there."""
    form = SaveForm(request.POST, owner=request.user)
    back = page_of_ours(request, request.POST.get("next", "")) or reverse("lists:index")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("__all__", ["That could not be saved."])))
        return HttpResponseRedirect(back)
    chosen = list(form.cleaned_data["lists"])
    if form.cleaned_data["new_list"]:
        chosen.append(
            services.find_or_create_list(owner=request.user, name=form.cleaned_data["new_list"])
        )
    added = services.save_to_lists(
        lists=chosen, resource=form.cleaned_data["resource"], group=form.cleaned_data["group"]
    )
    already = [saved_list for saved_list in chosen if saved_list not in added]
    if added:
        messages.success(request, f"Saved to {quoted_names(added)}.")
    if already:
        messages.info(request, f"Already in {quoted_names(already)}.")
    return HttpResponseRedirect(back)


def page_of_ours(request: HttpRequest, url: str) -> str | None:
    """The url when it is a path on this site, else None. Only paths: redirect() would read
    a bare word as the name of a URL pattern."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def quoted_names(saved_lists: list[SavedList]) -> str:
    return ", ".join(f"“{saved_list.name}”" for saved_list in saved_lists)


@require_POST
@login_required
def item_note(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    item = get_own_item(saved_list, item_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        item.note = form.cleaned_data["note"]
        item.save(update_fields=["note"])
        messages.success(request, "Note saved.")
    else:
        messages.error(request, "Notes can be up to 2,000 characters.")
    return redirect(f"{reverse('lists:detail', args=[saved_list.pk])}#item-{item.pk}")


@require_POST
@login_required
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    item = get_own_item(saved_list, item_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.move_item(item=item, direction=form.cleaned_data["direction"])
    return redirect(f"{reverse('lists:detail', args=[saved_list.pk])}#item-{item.pk}")


@require_POST
@login_required
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    get_own_item(saved_list, item_pk).delete()
    messages.success(request, "Removed from the list.")
    return redirect("lists:detail", pk=saved_list.pk)


@require_POST
@login_required
def list_share(request: HttpRequest, pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    if request.POST.get("action") == "stop":
        services.stop_sharing(saved_list=saved_list)
        messages.success(request, "The share link no longer works.")
    else:
        renewed = bool(saved_list.share_token)
        services.share_list(saved_list=saved_list)
        messages.success(
            request,
            "Here is a new share link. The earlier link no longer works."
            if renewed
            else "Here is the share link. Anyone who has it can see the list and its notes.",
        )
    return redirect("lists:detail", pk=saved_list.pk)


@never_cache
@login_required
def list_print(request: HttpRequest, pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    return render_handout(request, saved_list)


@never_cache
@login_required
def list_csv(request: HttpRequest, pk: int) -> HttpResponse:
    saved_list = get_own_list(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="list-{saved_list.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["type", "name", "link", "phone", "where", "when", "note"])
    for item in with_next_meetings(services.items_for_page(saved_list)):
        writer.writerow(csv_row(request, item))
    return response


@never_cache
def shared_list(request: HttpRequest, token: str) -> HttpResponse:
    """A list as its share link shows it: the items and notes, nothing about the owner."""
    response = render_handout(request, get_shared_list(token), shared=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_handout(request, saved_list, *, shared: bool = False) -> HttpResponse:
    context = {
        "list": saved_list,
        "items": with_next_meetings(services.items_for_page(saved_list)),
        "shared": shared,
        "printed_on": timezone.localdate(),
    }
    return render(request, "lists/list_handout.html", context)


def with_next_meetings(items):
    now = timezone.now()
    for item in items:
        item.title = str(item)
        item.next_meetings, item.opening = [], None
        if item.group:
            starts = schedule.upcoming_across(item.group.meetings.all(), now, count=2)
            item.next_meetings = [schedule.Occurrence(start) for start, _ in starts]
            # Warmlines, drop-in centres and respites: their weekly hours.
            item.opening = OpeningTimes.of(item.group, now)
    return items


def csv_row(request, item) -> list[str]:
    # Spreadsheet programs run cells starting with these as formulas: keep them as text.
    def cell(value) -> str:
        text = str(value or "")
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    if item.resource:
        resource = item.resource
        row = ["resource", resource.title, resource.url, resource.phone, "", "", item.note]
    else:
        group = item.group
        places = {
            ", ".join(meeting.place.public_address_lines)
            for meeting in group.meetings.all()
            if meeting.place
        }
        row = [
            "group",
            group.name,
            request.build_absolute_uri(group.get_absolute_url()),
            group.contact_phone,
            "; ".join(sorted(places)) or group.get_format_display(),
            "; ".join(occurrence.text for occurrence in item.next_meetings)
            or (f"{item.opening.week} ({item.opening.zone})" if item.opening else ""),
            item.note,
        ]
    return [cell(value) for value in row]
