# Django's zh_Hans formats group digits by ten-thousands with no separator
# (32000000); mainland publications and our English pages group by thousands with
# commas (32,000,000), which readers of both versions compare side by side.
from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
