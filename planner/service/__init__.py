"""The use cases, one function each, for the command line and every page alike: read what a person, a team or
the organisation is (from files people hand us, or from the store as the current viewer may see it) and
return the report models the engine computes. Neither the command line nor a page composes these steps
itself, so the same inputs give the same answer on every screen, export and command.

- `person`: one person's plan, the ratings due again, two assessments compared, the effort of later stages.
- `team`: a team from files or from the store, its report, and what the Team page shows beside it.
- `groundwork`: a team's groundwork read from and saved to the store for a viewer, and its operating stage.
- `hiring`: a hiring profile, a candidate's fit, candidates' files compared.
- `org`: the organisation from files or from the store, and its report.
- `stored`: what is stored, as a viewer may see it, and how stored snapshots and groundwork become teams.
- `records`: assessments stored, a snapshot retracted, a person's whole record, a person forgotten, the
  audit trail.
- `checkins`: each step of a check-in and of a confirmation.
- `actions`: a focus item made an action, an action ticked off.
- `evidence`: what a scan's record suggests as evidence for one person's skills, and their decisions on it.
- `due`: what waits on a viewer. `one_person`: one person for a 1:1.
- `database`: the store opened and its change count, and what storage returns and raises.

The pages import no engine package and nothing of planner.storage (import contracts hold it): the result
types they show are taken from these modules, which name them in their `__all__`, and every read and write
of the store goes through a function here, which takes the store and the viewer."""
