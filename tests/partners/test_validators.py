import pytest
from django.core.exceptions import ValidationError

from partners.validators import inn_is_valid, ogrn_is_valid, validate_inn


@pytest.mark.parametrize("inn", ["7707083893", "6320002223", "500100732259"])
def test_real_inns_pass(inn):
    assert inn_is_valid(inn)


@pytest.mark.parametrize("inn", ["7707083894", "632000222", "50010073225a", "500100732250", ""])
def test_a_wrong_check_digit_or_length_fails(inn):
    assert not inn_is_valid(inn)


@pytest.mark.parametrize("ogrn", ["1027700132195", "1026300000011", "304500116000157"])
def test_real_ogrns_pass(ogrn):
    assert ogrn_is_valid(ogrn)


@pytest.mark.parametrize("ogrn", ["1027700132196", "102770013219", "304500116000158"])
def test_wrong_ogrns_fail(ogrn):
    assert not ogrn_is_valid(ogrn)


def test_validator_message_is_for_a_person():
    with pytest.raises(ValidationError, match="контрольным"):
        validate_inn("1234567890")
