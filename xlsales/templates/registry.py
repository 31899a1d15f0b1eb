"""Every template the build, the demo and `xlsales check/new` know, by name."""

from xlsales.templates.common import TemplateSpec
from xlsales.templates.funnel import SPEC as FUNNEL

TEMPLATES: dict[str, TemplateSpec] = {spec.name: spec for spec in [
    FUNNEL,
]}
