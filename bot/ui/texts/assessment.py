"""/assessment: the intro, one statement per screen, pause and resume, the result, its chart.

The competences, statements, scale and levels are content (``storage/data/assessment/``), read
in the person's language; only the frame around them is here.
"""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.numbers import format_decimal

from bot.charts import ProfileChart
from bot.i18n import current_locale, fmt_date
from bot.services.assessment import Result, Screen, Status
from domain.assessment import Framework

ASSESSMENT_MENU = __("Self-assessment of your competences")
ASSESSMENT_HELP = __("/assessment – rate yourself as a cohesion maker: your strengths, what to "
                     "train, a chart")


def score(value: float) -> str:
    return format_decimal(value, format="0.0", locale=current_locale())


def change(now: float, before: float) -> str:
    delta = round(now - before, 1)
    if delta == 0:
        return "="
    sign = "+" if delta > 0 else "−"
    return sign + format_decimal(abs(delta), format="0.0", locale=current_locale())


def intro(total: int) -> str:
    return _("<b>Self-assessment of a cohesion maker</b>\n\n"
             "{total} short statements about what you do in your community, eight competences in "
             "all. Rate each from 1 (not at all like me) to 5 (completely like me): about five "
             "minutes. Your answers are kept as you go, so you can pause and come back with "
             "/assessment. You can retake it later and see how you have grown.").format(
                 total=total)


def in_progress(state: Status) -> str:
    return _("You have a self-assessment in progress: {answered}/{total} answered.").format(
        answered=state.answered, total=state.total)


def start_button() -> str:
    return _("▶️ Start")


def resume_button(state: Status) -> str:
    return _("▶️ Resume ({answered}/{total})").format(answered=state.answered, total=state.total)


def start_again_button() -> str:
    return _("🔄 Start again")


def retake_button() -> str:
    return _("🔄 Retake")


def chart_button() -> str:
    return _("📊 Chart")


def back_button() -> str:
    return _("◀️ Back")


def pause_button() -> str:
    return _("⏸ Pause")


def statement_screen(screen: Screen, framework: Framework) -> str:
    lang = current_locale()
    competence = framework.competence(screen.statement.competence_id)
    legend = " · ".join(f"{r} = {framework.scale_label(r, lang)}"
                        for r in (framework.scale_min, framework.scale_max))
    text = _("<b>{competence}</b> · {position}/{total}\n\n{statement}\n\n"
             "<i>How much does this describe you? {legend}</i>").format(
                 competence=competence.name(lang), position=screen.index + 1,
                 total=screen.total, statement=screen.statement.text(lang), legend=legend)
    if screen.rating is not None:
        text += "\n" + _("Your answer so far: {rating} ({label}).").format(
            rating=screen.rating, label=framework.scale_label(screen.rating, lang))
    return text


def rating_button(rating: int, chosen: int | None) -> str:
    return f"✓ {rating}" if rating == chosen else str(rating)


def use_the_buttons() -> str:
    return _("Please answer with the buttons 1–5 under the statement. Here it is again:")


def paused(state: Status) -> str:
    return _("⏸ Paused at {answered}/{total}. Your answers are kept: send /assessment when you "
             "want to go on.").format(answered=state.answered, total=state.total)


def stale() -> str:
    return _("This button belongs to an earlier screen of the self-assessment: it changes "
             "nothing. Send /assessment to go on.")


def result(view: Result, framework: Framework) -> str:
    lang = current_locale()
    lines = [_("<b>Your cohesion-maker profile</b> ({date})").format(
        date=fmt_date(view.finished_at))]
    if view.previous_at is not None:
        lines.append(_("Change since your assessment of {date} in brackets.").format(
            date=fmt_date(view.previous_at)))
    lines.append("")
    for line in view.competences:
        competence = framework.competence(line.competence_id)
        level = next(lv for lv in framework.levels if lv.id == line.level_id)
        row = _("• {competence}: <b>{score}</b>/5 – {level}").format(
            competence=competence.name(lang), score=score(line.score), level=level.name(lang))
        if line.previous is not None:
            row += f" ({change(line.score, line.previous)})"
        lines.append(row)
    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(framework.competence(cid).name(lang) for cid in ids)

    lines += ["", _("💪 Strongest: {names}").format(names=names(view.strongest)),
              _("🌱 To grow: {names}").format(names=names(view.weakest))]
    weakest_level = next(
        lv for lv in framework.levels
        if lv.id == next(c.level_id for c in view.competences if c.competence_id == view.weakest[0]))
    lines += ["", _("What your level means there: {descriptor}").format(
        descriptor=weakest_level.descriptor(lang))]
    lines += ["", _("<b>Your training path</b> starts from:")]
    lines += [f"{number}. {framework.competence(cid).name(lang)}"
              for number, cid in enumerate(view.path, 1)]
    lines += ["", _("/training takes you through it; /expert books your free hour with an "
                    "expert.")]
    return "\n".join(lines)


def chart(view: Result, framework: Framework) -> ProfileChart:
    lang = current_locale()
    return ProfileChart(
        title=_("Your competences (1–5)"), axis=_("score"),
        labels=[framework.competence(line.competence_id).name(lang) for line in view.competences],
        values=[line.score for line in view.competences],
        texts=[score(line.score) for line in view.competences],
        previous=([line.previous for line in view.competences]
                  if view.previous_at is not None else None),
        legend_now=_("now"),
        legend_before=(_("on {date}").format(date=fmt_date(view.previous_at))
                       if view.previous_at is not None else ""),
        scale_min=framework.scale_min, scale_max=framework.scale_max)


def chart_caption() -> str:
    return _("Your self-assessment, competence by competence.")


def no_result() -> str:
    return _("You have no finished self-assessment yet: send /assessment to start one.")


def nothing_open() -> str:
    return _("No self-assessment is in progress: /assessment shows your latest result and lets "
             "you retake it.")
