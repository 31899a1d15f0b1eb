"""Test-wide settings: a deterministic hypothesis profile, and no internal error may pass silently."""

import logging
import os

import pytest
from hypothesis import HealthCheck, settings

# Derandomized: every run tries the same examples (derived from each test's source), so CI never fails at
# random; a failure found once is kept as an explicit @example in its test.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, max_examples=2000)  # local bug hunting: random seeds
settings.load_profile(os.environ.get("XLSALES_HYPOTHESIS_PROFILE", "ci"))


def pytest_report_header(config):
    current = settings.default
    return (f"hypothesis profile: {os.environ.get('XLSALES_HYPOTHESIS_PROFILE', 'ci')} "
            f"(derandomize={current.derandomize}, max_examples={current.max_examples})")


class _InternalErrors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_internal_errors(request):
    """A function that hit a bug shows "internal error" in its cell instead of raising: make that fail the test
    (a test that provokes one on purpose is marked `internal_error_expected`)."""
    handler = _InternalErrors()
    logger = logging.getLogger("xlsales.functions")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("internal_error_expected") is None:
        first = handler.records[0]
        pytest.fail(f"internal error in an Excel function: {first.getMessage()}\n"
                    f"{logging.Formatter().formatException(first.exc_info) if first.exc_info else ''}")
