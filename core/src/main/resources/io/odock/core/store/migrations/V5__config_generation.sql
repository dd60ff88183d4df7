-- Odock schema v5: a counter every configuration reload increments, so that the other instances sharing this database
-- reload their own configuration files too.

CREATE TABLE config_generation (
    id         INT    NOT NULL PRIMARY KEY,
    generation BIGINT NOT NULL
);

INSERT INTO config_generation (id, generation) VALUES (1, 0);
