"""The use cases, one function each, for the command line and every page alike: read what a person, a team or
the organisation is (from files people hand us, or from the store as the current viewer may see it) and
return the report models the engine computes. Neither the command line nor a page composes these steps
itself, so the same inputs give the same answer on every screen, export and command.

- `person`: one person's plan, the ratings due again, two assessments compared, the effort of later stages.
- `team`: a team from files or from the store, its report, and what the Team page shows beside it.
- `groundwork`: a team's groundwork read from and saved to the store for a viewer, and its operating stage.
- `hiring`: a hiring profile, a candidate's fit, candidates' files compared.
- `org`: the organisation from files or from the store, and its report.
- `stored`: how stored snapshots and groundwork become teams for a viewer.
- `evidence`: what a scan's record suggests as evidence for one person's skills.

The pages import no engine package (an import contract holds it): the result types they show are taken
from these modules, which name them in their `__all__`."""
