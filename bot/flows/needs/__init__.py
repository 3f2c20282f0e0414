"""The needs family, one flow package: ``pledging`` (/needs, /pledges: browse, pledge,
withdraw, confirm deliveries), ``newneed`` (/newneed, /myneeds: the questions a need is written
with, publishing, editing, closing, reopening) and ``proposals`` (/propose, /proposals). Each
has a ``router`` that reads as the table of its transitions; the three share ``states`` and
may share modules freely. ``bot.capabilities.needs`` lists their routers and commands.

What other flows may use is here, and only here:

- ``show_pledge_screen``: a need's pledge screen (the deep link ``/start need_<id>``, in
  onboarding);
- ``start_from_title``: /newneed opened with its title written (a table's decision, /minutes).
"""

from bot.flows.needs.newneed.publish import start_from_title
from bot.flows.needs.pledging.pledge import show_pledge_screen

__all__ = ["show_pledge_screen", "start_from_title"]
