import pytest

from tests.matchmaking import agenda_world


@pytest.fixture
def world():
    """The agenda world (agenda_world.py), as built by default; a module may build its own."""
    return agenda_world.build()
