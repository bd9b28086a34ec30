"""Salesforce conventions Pacer relies on: record ids."""

_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def to_18_char_id(record_id: str) -> str:
    """The 18-character, case-insensitive-safe form of a Salesforce id (RULES.md: 15- and
    18-character spellings of one record are one opportunity).

    Raises ValueError for anything that is not a 15- or 18-character id.
    """
    record_id = (record_id or "").strip()
    if len(record_id) == 18 and record_id.isalnum():
        return record_id[:15] + record_id[15:].upper()
    if len(record_id) != 15 or not record_id.isalnum():
        raise ValueError(f"{record_id!r} is not a 15- or 18-character Salesforce id")
    suffix = ""
    for chunk_start in range(0, 15, 5):
        chunk = record_id[chunk_start : chunk_start + 5]
        bits = sum(1 << position for position, char in enumerate(chunk) if char.isupper())
        suffix += _SUFFIX_ALPHABET[bits]
    return record_id + suffix
