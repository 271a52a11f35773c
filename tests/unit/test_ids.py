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


def test_a_search_reads_an_id_whatever_its_case_spaces_dashes_or_look_alike_letters():
    from portal.trajecten.ids import compact
    assert compact(" abcd efgh-k ") == compact("ABCD-EFGH-K") == compact("abcdefghk") == "ABCDEFGHK"
    assert compact("a0b1-c1d0") == compact("aObI-cLdo") == "A0B1C1D0"


def test_a_wrong_check_character_is_recognised_only_on_a_whole_id():
    from portal.trajecten.ids import controleteken_fout
    for _ in range(200):
        traject_id = new_traject_id()
        assert not controleteken_fout(traject_id) and not controleteken_fout(traject_id.lower().replace("-", " "))
        wrong = traject_id[:-1] + next(c for c in ALPHABET if c != traject_id[-1])
        assert controleteken_fout(wrong) and controleteken_fout(wrong.lower())
        assert not controleteken_fout(wrong[:-2])  # a part of an ID is a search, not a typo
    assert not controleteken_fout("1234-5678-9")  # an ID starts with a letter: this is no ID at all


def test_every_id_one_typo_or_one_swap_away_is_among_the_corrections_of_the_typo():
    from portal.trajecten.ids import verbeteringen
    for _ in range(50):
        traject_id = new_traject_id()
        symbols = traject_id.replace("-", "")
        typos = [symbols[:i] + c + symbols[i + 1:] for i in range(9) for c in ALPHABET if c != symbols[i]]
        typos += [symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2:] for i in range(8)
                  if symbols[i] != symbols[i + 1]]
        for typo in typos[::7]:
            corrections = verbeteringen(typo)
            assert traject_id in corrections and all(is_valid(c) for c in corrections)
    assert verbeteringen("ABCD") == []
