from django import template

from twinning.core import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str, obj):
    """``{% slot "delegation_summary" delegation %}``: what other apps put in this place."""
    return slots.render(name, context["request"], obj)
