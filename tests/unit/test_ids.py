"""Pseudonymous trajectory IDs: random, never all digits, a check character that catches typos."""
from portal.trajecten.ids import ALPHABET, PATTERN, is_valid, new_traject_id, normalise


def test_new_ids_have_the_format_and_pass_their_check():
    ids = {new_traject_id() for _ in range(2000)}
    assert len(ids) == 2000
    for traject_id in ids:
        assert PATTERN.match(traject_id) and is_valid(traject_id)
        assert not traject_id.replace("-", "").isdigit()


def test_every_single_mistyped_character_is_caught():
    for _ in range(50):
        traject_id = new_traject_id()
        for position, char in enumerate(traject_id):
            if char == "-":
                continue
            for other in ALPHABET:
                if other != char:
                    assert not is_valid(traject_id[:position] + other + traject_id[position + 1:])


def test_every_swap_of_two_adjacent_different_characters_is_caught():
    for _ in range(200):
        compact = new_traject_id().replace("-", "")
        for i in range(len(compact) - 1):
            if compact[i] != compact[i + 1]:
                swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2:]
                assert not is_valid(swapped), (compact, swapped)


def test_ids_are_read_back_case_and_space_insensitive():
    traject_id = new_traject_id()
    assert normalise(f"  {traject_id.lower().replace('-', ' ')} ") == traject_id
