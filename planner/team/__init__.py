"""Team planning: a team's assessments as one table, and the rules a manager reads from it, one room each:

- `table`: the team as a table (one row per assessment) and each person's assessment of record;
- `placements`: the one-person placement rules over many people at once, the stage distribution and the
  default target;
- `floor`: floor breaches; `coverage`: per-skill coverage against a target and develop-or-hire;
- `hiring`: hiring profiles and candidate fit; `calibration`: self against manager;
- `averages`: the team's mean rating per skill; `progress`: placements over time; `support`: how many
  people to plan support for;
- `summary`: everything `stagepath team` reports, computed once.

Pure functions over models and arrays; no I/O. The rules are computed column by column over numpy arrays so
that a team of 100,000 costs a few hundred milliseconds, not minutes; tests check them against the
one-person rules in planner.person.placement. Import from the modules themselves: this package re-exports nothing."""
