"""CardState: what the session keeps, and only that."""

from referrals.session import MAX_CARD_SERVICES, SESSION_KEY, CardEntry, CardState


def state_of(*ids):
    return CardState(entries=[CardEntry(pk) for pk in ids])


def test_a_state_survives_a_round_trip_through_the_session():
    session = {}
    state = state_of(3, 1, 2)
    state.entries[0].channel_ids = [7]
    state.entries[1].location_id = 0
    state.layout, state.language, state.template_id = "a5", "fr", 9
    state.save(session)
    assert CardState.load(session) == state


def test_the_session_holds_only_ids_choices_layout_language_and_template():
    session = {}
    state_of(1).save(session)
    assert set(session) == {SESSION_KEY}
    assert set(session[SESSION_KEY]) == {"entries", "layout", "language", "bilingual", "template"}
    assert session[SESSION_KEY]["bilingual"] is False
    assert set(session[SESSION_KEY]["entries"][0]) == {"s", "c", "l"}


def test_moving_past_either_end_keeps_the_service_at_that_end():
    state = state_of(1, 2, 3)
    state.move(1, -1)
    state.move(3, 1)
    assert state.service_ids == [1, 2, 3]


def test_moving_an_unknown_service_changes_nothing():
    state = state_of(1, 2)
    state.move(99, 1)
    assert state.service_ids == [1, 2]


def test_adding_stops_at_the_maximum():
    state = state_of(*range(1, MAX_CARD_SERVICES + 1))
    assert state.is_full
    assert state.add(999) is False
    assert len(state.entries) == MAX_CARD_SERVICES


def test_replacing_keeps_the_place_and_resets_the_choices():
    state = state_of(1, 2, 3)
    state.entries[1].channel_ids = [5]
    state.replace(2, 20)
    assert state.service_ids == [1, 20, 3]
    assert state.entries[1].channel_ids is None


def test_replacing_with_a_service_already_on_the_card_drops_the_old_one():
    state = state_of(1, 2, 3)
    state.replace(2, 3)
    assert state.service_ids == [1, 3]


def test_loading_skips_duplicates_and_bad_entries_and_unknown_layouts():
    session = {
        SESSION_KEY: {
            "entries": [{"s": 1}, {"s": 1}, {"s": "x"}, "junk", {"s": 2, "c": ["3"], "l": "0"}],
            "layout": "poster",
            "language": "tlh",
            "template": "7",
        }
    }
    state = CardState.load(session)
    assert state.service_ids == [1, 2]
    assert state.entries[1].channel_ids == [3]
    assert state.entries[1].location_id == 0
    assert (state.layout, state.language, state.template_id) == ("a4", "nl", None)
