"""Every template the build, the demo and `xlsales check/new` know, by name."""

from xlsales.templates.accounts import SPEC as ACCOUNTS
from xlsales.templates.common import TemplateSpec
from xlsales.templates.funnel import SPEC as FUNNEL
from xlsales.templates.quota import SPEC as QUOTA
from xlsales.templates.quote import SPEC as QUOTE
from xlsales.templates.review import SPEC as REVIEW

TEMPLATES: dict[str, TemplateSpec] = {spec.name: spec for spec in [
    FUNNEL,
    QUOTA,
    QUOTE,
    REVIEW,
    ACCOUNTS,
]}
