-- The tables of schema version 2 (commit fee96a6), as its models made them on PostgreSQL.
CREATE TABLE people (
	id SERIAL NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE stagepath_schema (
	id SERIAL NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE teams (
	id SERIAL NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE groundwork (
	id SERIAL NOT NULL, 
	team_id INTEGER NOT NULL, 
	assessed_on DATE, 
	as_of DATE NOT NULL, 
	stored_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	framework_version VARCHAR(2000) NOT NULL, 
	framework_digest VARCHAR(64) NOT NULL, 
	document JSONB NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(team_id) REFERENCES teams (id)
);
CREATE INDEX ix_groundwork_team_as_of ON groundwork (team_id, as_of, id);
CREATE TABLE snapshots (
	id SERIAL NOT NULL, 
	person_id INTEGER NOT NULL, 
	team_id INTEGER, 
	track VARCHAR(64) NOT NULL, 
	rater VARCHAR(16) NOT NULL, 
	assessed_on DATE, 
	as_of DATE NOT NULL, 
	stored_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	batch VARCHAR(36) NOT NULL, 
	framework_version VARCHAR(2000) NOT NULL, 
	framework_digest VARCHAR(64) NOT NULL, 
	document JSONB NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES people (id), 
	FOREIGN KEY(team_id) REFERENCES teams (id)
);
CREATE INDEX ix_snapshots_person_as_of ON snapshots (person_id, as_of, id);
CREATE TABLE team_members (
	team_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	joined_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (team_id, person_id), 
	FOREIGN KEY(team_id) REFERENCES teams (id), 
	FOREIGN KEY(person_id) REFERENCES people (id)
);
CREATE INDEX ix_team_members_person_id ON team_members (person_id);
