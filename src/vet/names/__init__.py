"""Names in comparable forms: cleaned, transliterated, tokenised and classified.

Pure functions over strings, used by the index (candidate retrieval) and the
scorer. The pipeline, one module per step:

- ``text``: ``clean`` repairs invisible characters, mojibake and look-alike
  letters, keeping script and case;
- ``translit``: ``latinise`` writes any script in ASCII Latin letters;
- ``legal_forms``: legal forms ("Co., Ltd.", "ООО", "GmbH") become generic codes;
- ``wordlists``: generic business words, places, particles and titles, as data;
- ``tokens``: ``tokenise`` gives a ``NameForm`` of classified ``Token``;
- ``romanise``: kana, Hangul, Thai and Khmer read back as Latin spellings;
- ``phonetic``: ``phonetic_key``, ``consonant_skeleton`` and ``sound_fold`` for respellings;
- ``given_names``: the given or family names a word may be, from vet's table of
  rigour's answers (``data/given_names.tsv.gz``);
- ``personal_names``: whether a word is a known personal name (that table);
- ``abjad``: ``abjad_key`` and ``abjad_fit`` for foreign names written in Arabic letters;
- ``cells``: ``split_cell`` finds several names in one cell ("X t/a Y", "X (Y)").
"""

from vet.names.abjad import abjad_fit, abjad_key, is_abjad_spelling
from vet.names.cells import split_cell
from vet.names.legal_forms import legal_form_code, legal_form_words
from vet.names.personal_names import is_personal_name, load_person_name_data
from vet.names.phonetic import (
    consonant_skeleton,
    ocr_fold,
    ocr_substitute,
    ocr_substitutions,
    phonetic_key,
    sinitic_key,
    sound_fold,
    sound_folds,
)
from vet.names.text import MAX_NAME_LENGTH, clean
from vet.names.tokens import (
    JOIN_KINDS,
    STRONG_KINDS,
    TOKEN_KINDS,
    NameForm,
    Token,
    TokenKind,
    name_orders,
    tokenise,
)
from vet.names.translit import latinise, scripts_of

__all__ = [
    "JOIN_KINDS",
    "MAX_NAME_LENGTH",
    "STRONG_KINDS",
    "TOKEN_KINDS",
    "NameForm",
    "Token",
    "TokenKind",
    "abjad_fit",
    "abjad_key",
    "clean",
    "consonant_skeleton",
    "is_abjad_spelling",
    "is_personal_name",
    "latinise",
    "legal_form_code",
    "legal_form_words",
    "load_person_name_data",
    "name_orders",
    "ocr_fold",
    "ocr_substitute",
    "ocr_substitutions",
    "phonetic_key",
    "scripts_of",
    "sinitic_key",
    "sound_fold",
    "sound_folds",
    "split_cell",
    "tokenise",
]
