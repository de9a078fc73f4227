"""The importer's messages in Chinese and Italian: refused rows, file errors and notes, with the same lines and counts.

Each refusal reason is translated once for all the rows it refuses; the line numbers, the
raw text and the number of refused rows do not depend on the language.
"""

from __future__ import annotations

import re

import pytest

import calc.readers.values
from calc.errors import InputError
from calc.i18n import use_language
from calc.readers import UndetectedLayout, import_calls

# A spreadsheet export with named Italian columns: one good row, then one row for each reason.
BAD_ROWS = (
    b"Data e ora;Durata;Esito\n"
    b"25/01/2026 09:00;1:05;Risposta\n"
    b"26/01/2026 10:00;-4;Risposta\n"
    b"27/01/2026 11:00;abc;Persa\n"
    b"ieri;30;Risposta\n"
    b"30/02/2026 12:00;20;Risposta\n"
    b"28/01/2026 13:00;15\n"
    b"29/01/2026 14:00;2:00;Risposta\n"
    b"Totale;3:05;\n"
)
LINES = [3, 4, 5, 6, 7, 9]
RAW = [
    "26/01/2026 10:00;-4;Risposta",
    "27/01/2026 11:00;abc;Persa",
    "ieri;30;Risposta",
    "30/02/2026 12:00;20;Risposta",
    "28/01/2026 13:00;15",
    "Totale;3:05;",
]
REASONS = {
    "en": [
        "'Durata' is negative: '-4'",
        "'Durata' is not a number of seconds or hh:mm:ss: 'abc'",
        "'Data e ora' is not a readable time: 'ieri'",
        "'Data e ora' is a date that does not exist in the calendar: '30/02/2026 12:00'",
        "expected 3 fields, found 2",
        "footer/summary line",
    ],
    "it": [
        "'Durata' è negativo: '-4'",
        "'Durata' non è un numero di secondi né hh:mm:ss: 'abc'",
        "'Data e ora' non è un orario leggibile: 'ieri'",
        "'Data e ora' è una data che non esiste nel calendario: '30/02/2026 12:00'",
        "attesi 3 campi, trovati 2",
        "riga di piè di pagina/riepilogo",
    ],
    "zh_CN": [
        "'Durata' 为负数：'-4'",  # the full-width colon of Chinese before the value
        "'Durata' 不是秒数，也不是 hh:mm:ss：'abc'",
        "'Data e ora' 不是可读的时间：'ieri'",
        "'Data e ora' 是日历中不存在的日期：'30/02/2026 12:00'",
        "应有 3 个字段，实际为 2 个",
        "页脚/汇总行",
    ],
}
NOTES = {
    "en": [
        "1 row(s) refused as footer/summary line (line 9)",
        "'Data e ora': day-first dates, because '25/01/2026 09:00' has 25 first",
        "start from 'Data e ora': day-first dates (dd/mm/yyyy)",
        "duration from 'Durata': the only length column, taken as billable talk time",
    ],
    "it": [
        "1 riga rifiutata come riga di piè di pagina/riepilogo (riga 9)",
        "'Data e ora': date con il giorno prima, perché '25/01/2026 09:00' ha 25 come primo numero",
        "inizio da 'Data e ora': date con il giorno prima (gg/mm/aaaa)",
        "durata da 'Durata': l'unica colonna di durata, presa come tempo di conversazione fatturabile",
    ],
    "zh_CN": [
        "1 行被拒绝，原因：页脚/汇总行（第 9 行）",
        "'Data e ora'：日在前的日期，因为 '25/01/2026 09:00' 的第一个数是 25",
        "开始时间取自 'Data e ora'：日在前的日期（dd/mm/yyyy）",
        "时长取自 'Durata'：唯一的时长列，作为计费通话时长",
    ],
}
LAYOUT = {
    "en": "spreadsheet with named columns",
    "it": "foglio di calcolo con colonne con nome",
    "zh_CN": "带列名的电子表格",
}


@pytest.mark.parametrize("language", ["en", "it", "zh_CN"])
def test_refused_rows_are_explained_in_the_language_with_the_same_lines(language):
    with use_language(language):
        result = import_calls(BAD_ROWS, "italiano.csv")
    assert result.rejected["line"].tolist() == LINES
    assert result.rejected["raw"].tolist() == RAW
    assert result.rejected["reason"].tolist() == REASONS[language]
    assert result.notes == NOTES[language]
    assert result.layout == LAYOUT[language]
    # The records do not depend on the language: lines 2 and 8, 65 s and 120 s.
    assert result.records["line"].tolist() == [2, 8]
    assert result.records["duration_s"].tolist() == [65.0, 120.0]


def test_each_reason_is_translated_once_for_all_its_rows(monkeypatch):
    """Reasons are built on whole columns: 3,000 bad rows of two kinds cost a handful of look-ups, not one per row."""
    looked_up = []
    translate = calc.readers.values._
    monkeypatch.setattr(calc.readers.values, "_", lambda text: looked_up.append(text) or translate(text))
    rows = "".join(f"2026-01-05 09:00;{-(n + 1)}\n2026-01-05 10:00;x{n}\n" for n in range(1500))
    with use_language("it"):
        result = import_calls(("start;duration_s\n2026-01-05 08:00;5\n" + rows).encode(), "many.csv")
    assert len(result.rejected) == 3000 and len(result.records) == 1
    assert result.rejected["reason"].iloc[:2].tolist() == [
        "'duration_s' è negativo: '-1'",
        "'duration_s' non è un numero di secondi né hh:mm:ss: 'x0'",
    ]
    assert len(looked_up) <= 10


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "unknown answered value 'forse'"),
        ("it", "valore di answered sconosciuto 'forse'"),
        ("zh_CN", "未知的 answered 值 'forse'"),
    ],
)
def test_a_status_column_you_chose_refuses_unknown_words_in_every_language(language, reason):
    """A column the user mapped is strict: its unknown words are refused, whatever language says 'chosen by you'."""
    data = b"Data;Durata;Esito\n01/02/2026 09:00;65;Risposta\n02/01/2026 10:00;30;forse\n"
    with use_language(language):
        chosen = import_calls(data, "x.csv", mapping={"answered": "Esito"})
        guessed = import_calls(data, "x.csv")
    assert chosen.rejected[["line", "reason"]].values.tolist() == [[3, reason]]
    assert len(guessed.rejected) == 0  # a guessed status column only notes the word, and answers by duration
    assert guessed.records["answered"].tolist() == [True, True]


@pytest.mark.parametrize(
    ("language", "both_ways"),
    [
        ("en", "'Data': every date reads both ways (day-first or month-first); read as day-first"),
        ("it", "'Data': ogni data si legge in entrambi i modi (giorno prima o mese prima); letta con il giorno prima"),
        ("zh_CN", "'Data'：每个日期都可两种读法（日在前或月在前）；按日在前读取"),
    ],
)
def test_dates_that_read_both_ways_are_read_day_first_in_every_language(language, both_ways):
    data = b"Data;Durata\n01/02/2026 09:00;65\n02/01/2026 10:00;30\n"
    with use_language(language):
        result = import_calls(data, "x.csv")
    assert result.notes[0].startswith(both_ways)
    assert [str(start) for start in result.records["start"]] == ["2026-02-01 09:00:00", "2026-01-02 10:00:00"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "x.csv: cannot find the call duration: no column named like billsec, duration, talk time"),
        ("it", "x.csv: impossibile trovare la durata delle chiamate: nessuna colonna con un nome come billsec"),
        ("zh_CN", "x.csv：找不到通话时长：没有名称类似 billsec、duration、talk time"),
    ],
)
def test_a_log_without_a_duration_is_refused_in_the_language(language, message):
    with use_language(language), pytest.raises(UndetectedLayout, match=re.escape(message)) as refused:
        import_calls(b"Data;Esito;Note\n25/01/2026 09:00;Risposta;x\n", "x.csv")
    assert refused.value.columns == ["Data", "Esito", "Note"]
    assert "Data, Esito, Note" in str(refused.value)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "x.csv: the file is empty"),
        ("it", "x.csv: il file è vuoto"),
        ("zh_CN", "x.csv：文件为空"),
    ],
)
def test_an_empty_file_is_refused_in_the_language(language, message):
    with use_language(language), pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        import_calls(b"", "x.csv")


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "'duration_s' is negative"), ("it", "'duration_s' è negativo"), ("zh_CN", "'duration_s' 为负数")],
)
def test_the_most_common_reason_counts_rows_of_one_kind_in_every_language(language, reason):
    """Reasons are grouped by their text before the value: a translation keeps one text per kind of row."""
    data = b"start;duration_s\n2026-01-05 09:00;-4\n2026-01-05 10:00;-7\n2026-01-05 11:00;abc\n"
    with use_language(language):
        log = import_calls(data, "x.csv").log
        with pytest.raises(InputError) as refused:
            log.require_records()
    assert re.search(re.escape(reason) + r"\D*\b2\b", str(refused.value)), str(refused.value)


def test_the_command_line_in_italian_refuses_a_bad_log_in_one_italian_line(tmp_path, capsys):
    from calc.cli import main

    log = tmp_path / "senza_durata.csv"
    log.write_bytes(b"Data;Esito;Note\n25/01/2026 09:00;Risposta;x\n")
    assert main(["inspect", str(log), "--lang", "it"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith(f"tariff-compare: errore: {log}: impossibile trovare la durata delle chiamate: ")
    assert error.rstrip().endswith("(colonne trovate: Data, Esito, Note)")
