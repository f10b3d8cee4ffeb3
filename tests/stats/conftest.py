from tests.acts.conftest import make_act  # noqa: F401  (the act fixture for the stats' data)
