"""Stories: /share (a member's practice), the designer's review, the publication in the team's
group, the weekly regional digest, and /stories with its "useful" taps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext

from bot.i18n import current_locale, fmt_date
from bot.ui.texts.common import at_most, excerpt, q
from bot.ui.texts.newneed import category_label
from domain import stories as rules

SHARE_MENU = __("Share a practice or a story")
SHARE_HELP = __("/share – tell the other teams about something your team did and what worked")
STORIES_MENU = __("Stories of the teams")
STORIES_HELP = __("/stories – practices and stories of the teams, near you or by theme")
REVIEW_MENU = __("Stories waiting for review")
REVIEW_HELP = __("/reviewstories – the stories your teams' members shared: publish, edit or "
                 "decline them")

#: A story's language named in itself: shown when a reader's language is another.
LANGUAGE_MARKS = {"en": "(in English)", "it": "(in italiano)"}


def language_mark(story_language: str) -> str:
    """The mark of a story written in another language than the reader's ("" if the same)."""
    if story_language == current_locale():
        return ""
    return " " + LANGUAGE_MARKS.get(story_language, f"({story_language})")


# --- /share ---------------------------------------------------------------------------------


def needs_a_team() -> str:
    return _("Join a team first with /join: a story is shared with your team's designers.")


def choose_team() -> str:
    return _("Which of your teams is the story from?")


def ask_title(team: str) -> str:
    return _("📖 A story or practice of <b>{team}</b>. Give it a title. /cancel stops here."
             ).format(team=q(team)) + " " + at_most(rules.MAX_TITLE)


def ask_done() -> str:
    return _("What was done? Tell it in a few lines.") + " " + at_most(rules.MAX_TEXT)


def ask_worked() -> str:
    return _("What worked, and what would you tell another team trying it?") + " " + at_most(
        rules.MAX_TEXT)


def ask_photo() -> str:
    return _("Send a photo of it, if you have one, or press Skip.")


def ask_link() -> str:
    return _("A link to read more (starting with http:// or https://), or press Skip.")


def bad_link() -> str:
    return _("That is not a web address I can keep: write one starting with http:// or "
             "https://, like https://example.org/story, or press Skip.")


def photo_or_skip() -> str:
    return _("Please send a photo, or press Skip.")


def ask_category() -> str:
    return _("Which theme is it about?")


def ask_origin() -> str:
    return _("Did it come from one of the team's needs or tables? Choose it, or press None.")


def none_button() -> str:
    return _("None")


def need_origin_button(title: str) -> str:
    return _("🧩 {title}").format(title=title[:40])


def table_origin_button(moment: datetime) -> str:
    return _("🪑 Table of {when}").format(when=fmt_date(moment))


def bad_text(limit: int) -> str:
    return _("Please write it as text, up to {limit} characters.").format(limit=limit)


def send_button() -> str:
    return _("📨 Send to the designers")


def cancel_button() -> str:
    return _("✖️ Cancel")


def preview(card: str) -> str:
    return _("This is how it reads:\n\n{card}\n\nSend it to your team's designers?").format(
        card=card)


def sent(title: str) -> str:
    return _("📨 Thank you! <b>{title}</b> is with your team's designers: you will hear when "
             "they decide.").format(title=q(title))


def cancelled() -> str:
    return _("Cancelled: nothing was shared.")


def problem(code: str) -> str:
    return {
        "bad_text": _("Something in the story is empty or too long: please /share it again."),
        "bad_link": _("The link is not a web address I can keep."),
        "bad_category": _("That theme is not one of the list."),
        "bad_origin": _("That need or table is not your team's."),
        "gone": _("That story is no longer here."),
        "reviewed": _("That story was already reviewed."),
        "bad_reason": _("Please write the reason as text, up to {limit} characters.").format(
            limit=rules.MAX_REASON),
        "no_place": _("Your profile has no home place yet: set it with /profile."),
        "bad_field": _("This button is no longer valid."),
        "bad_mode": _("This button is no longer valid."),
    }.get(code, _("This button is no longer valid."))


def not_member_of_team() -> str:
    return _("You are not a member of that team: a story is shared from your own team.")


# --- a story, as shown ----------------------------------------------------------------------


def card(*, title: str, done: str, worked: str, category: str, team: str,
         language: str | None = None, link: str | None = None, photo: bool = False,
         when: datetime | None = None) -> str:
    mark = language_mark(language) if language else ""
    lines = [_("📖 <b>{title}</b>{mark}").format(title=q(title), mark=q(mark))]
    meta = _("{team} · {category}").format(team=q(team), category=category_label(category))
    if when is not None:
        meta += " · " + fmt_date(when)
    lines += [meta, "", _("<b>What was done</b>: {text}").format(text=q(done)),
              _("<b>What worked</b>: {text}").format(text=q(worked))]
    if link:
        lines.append(_("🔗 {link}").format(link=q(link)))
    if photo:
        lines.append(_("📷 With a photo."))
    return "\n".join(lines)


# --- the designer's review ------------------------------------------------------------------


def shared_notice(*, title: str, team: str, author: str, story: str) -> str:
    return _("📖 {author} shared a story for <b>{team}</b>: publish it, edit it or decline it."
             "\n\n{story}").format(author=q(author) or _("A member"), team=q(team),
                                   story=story)


def publish_button() -> str:
    return _("✅ Publish")


def edit_button() -> str:
    return _("✏️ Edit")


def decline_button() -> str:
    return _("✖️ Decline")


def not_reviewer() -> str:
    return _("Only a designer of the story's team can review it.")


def which_field() -> str:
    return _("What do you want to change?")


def field_label(field: str) -> str:
    return {"title": _("Title"), "done": _("What was done"),
            "worked": _("What worked")}.get(field, field)


def ask_field(field: str, current: str) -> str:
    limit = rules.MAX_TITLE if field == "title" else rules.MAX_TEXT
    return _("Write the new text of “{field}”. Now it reads:\n<i>{current}</i>").format(
        field=field_label(field), current=q(current)) + " " + at_most(limit)


def edited(story: str) -> str:
    return _("✏️ Changed. The story now reads:\n\n{story}").format(story=story)


def ask_decline_reason(title: str) -> str:
    return _("Why are you declining <b>{title}</b>? The author will read your reason.").format(
        title=q(title)) + " " + at_most(rules.MAX_REASON)


def published_done(title: str, *, group: bool) -> str:
    text = _("✅ <b>{title}</b> is published.").format(title=q(title))
    if group:
        text += " " + _("It is on its way to the team's group.")
    return text


def declined_done(title: str) -> str:
    return _("✖️ <b>{title}</b> declined: the author will read your reason.").format(
        title=q(title))


def no_pending() -> str:
    return _("No stories are waiting for your review.")


# --- what the author, the group and the region hear -----------------------------------------


def author_published(title: str) -> str:
    return _("🎉 Your story <b>{title}</b> was published: it is in /stories, and the other "
             "teams of the region will read it in the weekly digest.").format(title=q(title))


def author_declined(title: str, reason: str) -> str:
    return _("Your story <b>{title}</b> was not published. The designer's reason: {reason}"
             ).format(title=q(title), reason=q(reason))


def group_post(story: str) -> str:
    return _("📖 <b>A new story from our team</b>\n\n{story}\n\nMore stories: /stories in a "
             "private chat with me.").format(story=story)


#: A digest stays well inside Telegram's 4,096 characters: the stories past it are counted.
DIGEST_LENGTH = 3_600


def digest(*, week: str, stories: Sequence[tuple[str, str, str, str, str | None]]) -> str:
    """The week's stories of the region's other teams: (title, team, language, what worked,
    link) each, at most ``DIGEST_MAX`` in full and within ``DIGEST_LENGTH``, the rest
    counted."""
    lines = [ngettext("📚 <b>This week in the region: {count} new story from other teams</b>",
                      "📚 <b>This week in the region: {count} new stories from other teams</b>",
                      len(stories)).format(count=len(stories))]
    length, shown = len(lines[0]), 0
    for title, team, language, worked, link in stories[:rules.DIGEST_MAX]:
        block = ["", _("📖 <b>{title}</b>{mark} — {team}").format(
            title=q(title), mark=q(language_mark(language)), team=q(team)),
            _("What worked: {text}").format(text=excerpt(worked, 200))]
        if link:
            block.append("🔗 " + q(link))
        size = sum(len(line) + 1 for line in block)
        if length + size > DIGEST_LENGTH:
            break
        lines += block
        length, shown = length + size, shown + 1
    rest = len(stories) - shown
    if rest:
        lines += ["", ngettext("… and {count} more in /stories.",
                               "… and {count} more in /stories.", rest).format(count=rest)]
    lines += ["", _("Read them all and mark the useful ones: /stories in a private chat with "
                    "me.")]
    del week
    return "\n".join(lines)


# --- /stories -------------------------------------------------------------------------------


def menu() -> str:
    return _("📚 Stories and practices of the teams. Which ones?")


def mode_label(mode: str) -> str:
    return {"place": _("📍 My area"), "region": _("🗺 My region"), "cat": _("🗂 By theme"),
            "new": _("🆕 Newest"), "top": _("👍 Most useful")}.get(mode, mode)


def choose_category() -> str:
    return _("Which theme?")


def none_found() -> str:
    return _("No published stories here yet. Share one with /share!")


def page_header(mode: str, total: int, page: int) -> str:
    first = page * rules.PAGE + 1
    last = min(total, (page + 1) * rules.PAGE)
    return _("{label}: stories {first}–{last} of {total}").format(
        label=mode_label(mode), first=first, last=last, total=total)


def more_button() -> str:
    return _("⬇️ More")


def useful_button(count: int) -> str:
    return _("👍 Useful ({count})").format(count=count)


def useful_counted(count: int) -> str:
    return _("👍 Thank you! Counted: {count}.").format(count=count)


def useful_already() -> str:
    return _("You already marked this story as useful.")


def registration_first() -> str:
    return _("First let's get you registered: send /start.")
