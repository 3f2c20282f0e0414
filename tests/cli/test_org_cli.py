"""`cohesion org list`: the organisations on record, by kind and by territory."""

from __future__ import annotations

from typing import Any

import pytest


def test_organisations_listed_by_kind_and_territory(cli: Any) -> None:
    assert cli("migrate")[0] == 0
    assert cli("org", "list")[1].strip() == "no organisations yet"
    cli("demo")
    out = cli("org", "list")[1]
    assert out.splitlines() == [
        "   3  Banco di Comunità Milano  (npo, Milano) 1 confirmed member  "
        "https://bancodicomunita.example.org",
        "   1  Bergamo Solidale  (npo, Bergamo) 1 confirmed member  "
        "https://bergamosolidale.example.org",
        "   4  Consorzio Servizi Sociali Bassa Bresciana  (institution, Brescia) 0 confirmed "
        "members",
        "   2  Navigli Logistica Srl  (company, Milano) 1 confirmed member  "
        "https://naviglilogistica.example.com",
    ]
    assert "Navigli" in cli("org", "list", "--kind", "company")[1]
    assert "Bergamo" not in cli("org", "list", "--kind", "company")[1]
    out = cli("org", "list", "--territory", "Lombardia")[1]
    assert len(out.splitlines()) == 4
    out = cli("org", "list", "--territory", "provincia di brescia")[1]
    assert "Consorzio" in out and "Navigli" not in out
    assert cli("org", "list", "--territory", "Piemonte")[1].strip() == "no organisations there"
    code, _out, err = cli("org", "list", "--territory", "xqzzyv")
    assert code == 2 and "no territory matches 'xqzzyv'" in err
    with pytest.raises(SystemExit) as exit_info:
        cli("org", "list", "--kind", "club")
    assert exit_info.value.code == 2
