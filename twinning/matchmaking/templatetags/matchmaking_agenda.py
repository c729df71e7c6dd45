"""Small helpers of the agenda and grid templates."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from twinning.core.templatetags.twinning import translated_value

register = template.Library()

# Where a participant's profile page is (the profiles' URL), tried in order.
PROFILE_URL_NAMES = ("matchmaking:profile", "matchmaking:participant")


@register.simple_tag
def participant_link(participant, delegation):
    """The participant's name, linked to their profile page when there is one."""
    name = translated_value(participant, "organisation")[0]
    for url_name in PROFILE_URL_NAMES:
        try:
            url = reverse(
                url_name,
                kwargs={"slug": delegation.slug, "participant_id": participant.pk},
            )
        except NoReverseMatch:
            continue
        return format_html('<a href="{}">{}</a>', url, name)
    return name


@register.simple_tag
def conflict_of(grid, meeting):
    return grid.conflicts.get(meeting.pk, [])


@register.simple_tag
def get_item(mapping, key):
    return mapping.get(key, "")
