"""What both conversations of tables (/newtable and /minutes) do alike: /cancel, a text where
a button was expected, something that is not text.
"""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.flows.tables.states import MinutesFlow, TableFlow
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import tables as texts


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.cancelled())


async def on_text_instead_of_button(message: Message, state: FSMContext,
                                    raw_state: str | None) -> None:
    """A step answered with buttons: say so, and show them again under the question."""
    data = await state.get_data()
    markup = None
    if raw_state == TableFlow.when_confirm.state and data.get("candidate"):
        markup = keyboards.when_ok()
    elif raw_state == TableFlow.recurrence.state:
        markup = keyboards.recurrence()
    elif raw_state == TableFlow.summary.state:
        markup = keyboards.summary()
    elif raw_state == TableFlow.team.state:
        markup = keyboards.teams([(int(k), v) for k, v in data.get("teams", {}).items()])
    elif raw_state == MinutesFlow.summary.state:
        markup = keyboards.minutes_summary()
    await message.answer(texts.use_buttons(), reply_markup=markup)


async def on_text_expected(message: Message) -> None:
    await message.answer(texts.text_expected())
