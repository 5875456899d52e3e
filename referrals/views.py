from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from config import ratelimit as rate_limit
from config.inputs import parse_int, redirect_path
from insights.models import DemandCount, record_many
from referrals.card import build_card, current_service, logo_data_uri, with_new_choices
from referrals.card_notes import message_tag
from referrals.forms import CardForm, CardTemplateForm
from referrals.models import CardTemplate
from referrals.pdf import render_card_pdf
from referrals.session import MAX_CARD_SERVICES, CardState
from referrals.uploads import SizeLimitedUploadHandler
from referrals.validators import MAX_LOGO_BYTES

MOVES = {"omhoog": -1, "omlaag": 1}
# Per client address and hour: new templates (each may hold a logo to decode) and PDFs (about
# 0.8 s of CPU each in a synchronous worker).
TEMPLATES_PER_HOUR = 10
PDFS_PER_HOUR = 60
# Stop reading a logo upload a little past the limit: the form then says how big it may be.
LOGO_UPLOAD_LIMIT = MAX_LOGO_BYTES + 64 * 1024


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _card_with_current_data(request, state):
    """Build the card; if services ended or disappeared, update the session and say so."""
    card = build_card(state, base_url=_base_url(request))
    if card.replacements or card.missing_ids:
        for old_id, new_id in card.replacements.items():
            state.replace(old_id, new_id)
        for missing_id in card.missing_ids:
            state.remove(missing_id)
        state.save(request.session)
        for notice in card.notices:
            messages.warning(request, notice)
        return None
    return card


@require_POST
def add_service(request):
    """Put a service on the card and go back to where "Zet op kaart" was pressed: the page it
    came from, at that service (#kaart-<id>), where the message and the card's count are shown
    (see referrals/card_notes.py)."""
    clicked = parse_int(request.POST.get("service"), minimum=1)
    service, ended = current_service(clicked) if clicked else (None, None)
    if clicked is None or (service is None and ended is None):
        messages.error(request, _("Deze dienst bestaat niet of staat niet meer op Wegwijs."))
        return redirect("referrals:card_edit")
    say = _Say(request, message_tag(clicked))
    state = CardState.load(request.session)
    if service is None:
        say.error(
            _("“%(name)s” is gestopt. Je kan deze dienst niet meer doorverwijzen.")
            % {"name": ended.name}
        )
    elif state.entry(service.pk):
        say.info(_("“%(name)s” staat al op je kaart.") % {"name": service.name})
    elif state.is_full:
        say.error(
            _("Je kaart is vol: er passen maximaal %(max)s diensten op. Haal eerst een dienst weg.")
            % {"max": MAX_CARD_SERVICES}
        )
    else:
        state.add(service.pk)
        state.save(request.session)
        added = {"name": service.name, "count": len(state.entries), "max": MAX_CARD_SERVICES}
        if ended is not None:
            say.success(
                _(
                    "“%(old)s” is gestopt. De opvolger “%(name)s” staat nu op je kaart "
                    "(%(count)s van %(max)s)."
                )
                % {**added, "old": ended.name}
            )
        else:
            say.success(_("“%(name)s” staat op je kaart (%(count)s van %(max)s).") % added)
    target = redirect_path(request.POST.get("next"), "")
    if not target:
        return redirect("referrals:card_edit")
    return redirect(f"{target.split('#')[0]}#{message_tag(clicked)}")


class _Say:
    """Messages about one service, tagged so that its "Zet op kaart" block shows them."""

    def __init__(self, request, tag):
        self.request, self.tag = request, tag

    def success(self, text):
        messages.success(self.request, text, extra_tags=self.tag)

    def info(self, text):
        messages.info(self.request, text, extra_tags=self.tag)

    def error(self, text):
        messages.error(self.request, text, extra_tags=self.tag)


@require_http_methods(["GET", "POST"])
def card_edit(request):
    state = CardState.load(request.session)
    card = _card_with_current_data(request, state)
    if card is None:
        return redirect("referrals:card_edit")
    if request.method == "POST":
        form = CardForm(request.POST, card=card)
        if form.is_valid():
            form.apply_to(state)
            action, _sep, raw_id = request.POST.get("actie", "").partition(":")
            service_id = parse_int(raw_id, minimum=1)
            if service_id is not None:
                if action in MOVES:
                    state.move(service_id, MOVES[action])
                elif action == "verwijder":
                    state.remove(service_id)
            state.save(request.session)
            return redirect("referrals:card_edit")
    else:
        form = CardForm(card=card)
    return render(request, "referrals/card_edit.html", {"card": card, "form": form})


@require_POST
def clear_card(request):
    state = CardState.load(request.session)
    state.entries = []
    state.save(request.session)
    messages.success(request, _("Je kaart is leeg gemaakt."))
    return redirect("referrals:card_edit")


def _printable_card(request):
    """(card, form, None) ready to print, or (None, None, response) when it cannot be printed.

    The first name and appointment lines come only from this request's POST data and are passed
    straight to the card; the session gets only the non-personal choices.
    """
    state = CardState.load(request.session)
    card = _card_with_current_data(request, state)
    if card is None:
        return None, None, redirect("referrals:card_edit")
    if card.is_empty:
        messages.error(request, _("Je kaart is nog leeg. Zet eerst een dienst op de kaart."))
        return None, None, redirect("referrals:card_edit")
    if request.method == "POST":
        form = CardForm(request.POST, card=card)
        if not form.is_valid():
            response = render(request, "referrals/card_edit.html", {"card": card, "form": form})
            response.status_code = 400
            return None, None, response
        form.apply_to(state)
        state.save(request.session)
        card = with_new_choices(
            card,
            state,
            base_url=_base_url(request),
            appointments=form.appointments(),
            client_name=form.cleaned_data["client_name"],
        )
        return card, form, None
    return card, None, None


def _count_printed(card):
    """Signals for policy: which services end up on cards handed to people."""
    record_many(
        [(DemandCount.Event.CARD_PRINTED, entry.service.slug, "", "") for entry in card.services]
    )


def _repost_fields(form) -> list[tuple[str, str]]:
    return [(name, value) for name in form.fields for value in form.data.getlist(name)]


@never_cache
@require_http_methods(["GET", "POST"])
def card_print(request):
    card, form, response = _printable_card(request)
    if response:
        return response
    _count_printed(card)
    return render(
        request,
        "referrals/card_print.html",
        {
            "card": card,
            "for_pdf": False,
            "csp_nonce": getattr(request, "csp_nonce", ""),
            "logo_src": logo_data_uri(card.style),
            # Re-posted to the PDF download, so the client's lines stay in the browser only.
            "repost_fields": _repost_fields(form) if form else [],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def card_pdf(request):
    card, _form, response = _printable_card(request)
    if response:
        return response
    if not rate_limit.hit("pdf", request, limit=PDFS_PER_HOUR, window=3600):
        return _too_many(request, _("Je maakte het afgelopen uur al veel pdf’s."))
    rendered = render_card_pdf(card)
    _count_printed(card)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


@csrf_exempt  # checked below, after the size-limiting upload handler is in place
@require_http_methods(["GET", "POST"])
def house_style(request):
    request.upload_handlers.insert(0, SizeLimitedUploadHandler(request, LOGO_UPLOAD_LIMIT))
    return _house_style(request)


# The templates this browser may change: the ones it made, or opened with their edit link.
EDITABLE_SESSION_KEY = "referrals_editable_templates"


def _may_edit(request, template) -> bool:
    return template.pk in request.session.get(EDITABLE_SESSION_KEY, [])


def _grant_edit(request, template) -> None:
    editable = [pk for pk in request.session.get(EDITABLE_SESSION_KEY, []) if pk != template.pk]
    request.session[EDITABLE_SESSION_KEY] = [*editable, template.pk][-20:]


@csrf_protect
def _house_style(request):
    state = CardState.load(request.session)
    current = None
    if state.template_id and "nieuw" not in request.GET:
        current = CardTemplate.objects.filter(pk=state.template_id).first()
    # Using a colleague's template is not editing it: changes then make a copy of one's own.
    editing = current if current and _may_edit(request, current) else None
    instance = editing or (current.copy() if current else None)
    if request.method == "POST":
        form = CardTemplateForm(
            request.POST,
            request.FILES,
            instance=instance,
            logo_too_large="logo" in request.oversized_uploads,
        )
        if form.is_valid():
            if not editing and not rate_limit.hit(
                "template", request, limit=TEMPLATES_PER_HOUR, window=3600
            ):
                return _too_many(request, _("Je maakte het afgelopen uur al veel sjablonen."))
            template = form.save()
            _grant_edit(request, template)
            state.template_id = template.pk
            state.save(request.session)
            if current and not editing:
                messages.success(
                    request,
                    _(
                        "Je huisstijl is bewaard als je eigen kopie. Het sjabloon van je collega "
                        "blijft zoals het was."
                    ),
                )
            else:
                messages.success(request, _("Je huisstijl is bewaard."))
            return redirect("referrals:card_edit")
    else:
        form = CardTemplateForm(instance=instance)
    return render(
        request,
        "referrals/house_style.html",
        {"form": form, "template": editing, "is_copy": current is not None and not editing},
    )


def _too_many(request, reason):
    response = render(request, "referrals/too_many.html", {"reason": reason}, status=429)
    response["Retry-After"] = "3600"
    return response


@require_http_methods(["GET"])
def template_edit(request, token, edit_token):
    """The creator's edit link: this browser may change the template from now on."""
    template = get_object_or_404(CardTemplate, token=token)
    if not constant_time_compare(template.edit_token, edit_token):
        raise Http404
    _grant_edit(request, template)
    state = CardState.load(request.session)
    state.template_id = template.pk
    state.save(request.session)
    return redirect("referrals:house_style")


@require_http_methods(["GET", "POST"])
def template_use(request, token):
    template = get_object_or_404(CardTemplate, token=token)
    if request.method == "POST":
        state = CardState.load(request.session)
        state.template_id = template.pk
        state.save(request.session)
        messages.success(
            request, _("Je kaart gebruikt nu de huisstijl “%(name)s”.") % {"name": template.name}
        )
        return redirect("referrals:card_edit")
    return render(
        request,
        "referrals/template_use.html",
        {"template": template, "logo_src": logo_data_uri(template)},
    )
