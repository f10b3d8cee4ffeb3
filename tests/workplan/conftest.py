from tests.acts.conftest import make_act  # noqa: F401
