"""The use cases, one function each, for the command line and every page alike: read what a person, a team or
the organisation is (from files people hand us, or from the store as the current viewer may see it) and
return the report models the engine computes. Neither the command line nor a page composes these steps
itself, so the same inputs give the same answer on every screen, export and command.

- `person`: one person's plan.
- `team`: a team from files or from the store, and its report.
- `org`: the organisation from files or from the store, and its report.
- `stored`: how stored snapshots and groundwork become teams for a viewer.
- `evidence`: what a scan's record suggests as evidence for one person's skills."""
