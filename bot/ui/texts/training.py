"""Training: /training's path, the module card and its check, "useful?", the rhythm and the
pause, and the pushes to members and team groups."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.i18n import current_locale, fmt_date
from bot.services.training import ModuleView, TrainingView
from bot.ui.texts.common import q
from domain.assessment import load_framework
from domain.training import Module

TRAINING_MENU = __("Your training path")
TRAINING_HELP = __("/training – your training path: the next module, its check, your rhythm")


def _competence(module: Module) -> str:
    try:
        return load_framework().competence(module.competence_id).name(current_locale())
    except KeyError:
        return module.competence_id


def rhythm_name(rhythm: str) -> str:
    names = {"3days": _("every 3 days"), "weekly": _("every week"),
             "biweekly": _("every two weeks")}
    return names.get(rhythm, rhythm)


def overview(view: TrainingView) -> str:
    language = current_locale()
    head = (_("📚 <b>Your training path</b>, chosen from your weakest competences in your "
              "last /assessment:") if view.assessed else
            _("📚 <b>Your training path</b>: a first module for each competence. Take the "
              "self-assessment with /assessment and the path will focus on what you most "
              "need."))
    lines = [head, ""]
    for number, step in enumerate(view.steps, 1):
        mark = "✅" if step.done else "▫️"
        lines.append(_("{mark} {number}. {title} <i>({competence})</i>").format(
            mark=mark, number=number, title=q(step.module.title(language)),
            competence=q(_competence(step.module))))
    done = sum(1 for step in view.steps if step.done)
    lines += ["", _("Done: {done} of {total}.").format(done=done, total=len(view.steps))]
    if view.paused:
        lines.append(_("⏸ Pushes are paused."))
    elif view.next_due_at is not None:
        lines.append(_("Rhythm: {rhythm}. Next module by message: {date}.").format(
            rhythm=rhythm_name(view.rhythm), date=fmt_date(view.next_due_at)))
    else:
        lines.append(_("Rhythm: {rhythm}.").format(rhythm=rhythm_name(view.rhythm)))
    if view.next_module is None:
        lines.append(_("🎉 You have done every module of your path. Retake /assessment to "
                       "see how you have grown."))
    return "\n".join(lines)


def button_next() -> str:
    return _("▶️ Open the next module now")


def button_rhythm() -> str:
    return _("⏱ Change rhythm")


def button_pause() -> str:
    return _("⏸ Pause")


def button_resume() -> str:
    return _("▶️ Resume")


def button_check() -> str:
    return _("📝 Answer the check")


def button_useful() -> str:
    return _("👍 Useful")


def button_not_useful() -> str:
    return _("👎 Not useful")


def button_rhythm_choice(rhythm: str, current: bool) -> str:
    return ("✓ " if current else "") + rhythm_name(rhythm)


def module_body(module: Module) -> str:
    language = current_locale()
    return _("📖 <b>{title}</b> <i>({competence})</i>\n\n{text}\n\n🔗 Read more: {link}").format(
        title=q(module.title(language)), competence=q(_competence(module)),
        text=q(module.text(language)), link=q(module.link))


def module_card(view: ModuleView) -> str:
    """The module with its check question (or, if answered, what was chosen)."""
    language = current_locale()
    module = view.module
    body = module_body(module)
    if view.answered is None:
        return body + "\n\n" + _("❓ <b>Check:</b> {question}").format(
            question=q(module.check.question(language)))
    return body + "\n\n" + _("You have already answered this module's check: {answer}.").format(
        answer=q(module.check.option(view.answered, language)))


def option_button(module: Module, index: int) -> str:
    return module.check.option(index, current_locale())


def answered(module: Module, correct: bool) -> str:
    language = current_locale()
    verdict = (_("✅ Right!") if correct else
               _("Not quite: the answer is <b>{answer}</b>.").format(
                   answer=q(module.check.option(module.check.answer, language))))
    return verdict + "\n" + _("Was this module useful to you?")


def feedback_noted(useful: bool) -> str:
    return (_("Thank you! Glad it helped. /training shows your path.") if useful else
            _("Thank you for telling us: it helps us improve the modules. /training shows "
              "your path."))


def choose_rhythm() -> str:
    return _("How often should I send you the next module?")


def rhythm_set(rhythm: str) -> str:
    return _("Done: the next module comes {rhythm}.").format(rhythm=rhythm_name(rhythm))


def paused() -> str:
    return _("⏸ Paused: I will not send you modules until you resume from /training.")


def resumed(rhythm: str) -> str:
    return _("▶️ Resumed: the next module comes {rhythm}.").format(rhythm=rhythm_name(rhythm))


def push(module: Module) -> str:
    return _("📚 Your next training module is here.") + "\n\n" + module_body(module)


def pill(module: Module, team: str) -> str:
    return _("💡 <b>Training pill of the week</b> for {team}").format(team=q(team)) + "\n\n" \
        + module_body(module) + "\n\n" + _(
            "❓ {question}\nAnswer with a button below: only you will see whether you got it "
            "right. Each member can follow their own path in a private chat with me: "
            "/training").format(question=q(module.check.question(current_locale())))


ALERT_LENGTH = 200


def pill_answered(module: Module, correct: bool) -> str:
    """The verdict on a pill's answer, for the presser only (an alert, in their language)."""
    verdict = (_("✅ Right!") if correct else
               _("Not quite: the answer is «{answer}».").format(
                   answer=module.check.option(module.check.answer, current_locale())))
    more = _("Your own path of modules: /training, in a private chat with me.")
    # An alert holds 200 characters: the verdict first, the invitation if it fits.
    return verdict[:ALERT_LENGTH] if len(verdict) + 1 + len(more) > ALERT_LENGTH \
        else verdict + "\n" + more


def problem(code: str) -> str:
    texts = {
        "not_registered": _("First let's get you registered: send /start."),
        "not_enrolled": _("Open /training first to see your path."),
        "not_in_path": _("That module is not in your training path: /training shows it."),
        "not_opened": _("Open the module first: /training shows your path."),
        "already_answered": _("You have already answered this check."),
        "feedback_given": _("You have already told us about this module, thank you."),
        "already_paused": _("Your training is already paused."),
        "not_paused": _("Your training is not paused."),
        "path_done": _("You have done every module of your path. Retake /assessment to "
                       "see how you have grown."),
    }
    return texts.get(code, _("This button is no longer valid."))
