import pytest

from selection.codes import MAX_SERVICES, decode, encode


def test_ids_become_a_short_code_and_back_in_the_order_chosen():
    assert encode([1, 10, 100]) == "1-a-2s"
    assert decode("1-a-2s") == [1, 10, 100]
    assert decode(encode([40, 3, 1000000])) == [40, 3, 1000000]


def test_each_id_counts_once_and_at_most_twenty_are_kept():
    assert encode([5, 5, 7, 5]) == "5-7"
    assert len(decode(encode(range(1, 50)))) == MAX_SERVICES


@pytest.mark.parametrize("code", ["", "-", "A-B", "1--2", "1-2-", "x" * 13, "1;drop", "1 2"])
def test_anything_else_is_no_code(code):
    assert decode(code) == []
