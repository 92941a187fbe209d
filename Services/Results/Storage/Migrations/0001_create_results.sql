-- One row per result id: the first answer stored for an id is the one the service keeps.
CREATE TABLE results (
    id uuid PRIMARY KEY,
    text text NOT NULL,
    label text NOT NULL,
    score double precision NOT NULL,
    model text NOT NULL,
    inference_instance text NOT NULL,
    ai_instance text NOT NULL,
    cached boolean NOT NULL,
    accepted_at timestamptz NOT NULL,
    completed_at timestamptz NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);

-- "Latest first" (GET /api/results) reads this index in order; id breaks ties between equal times.
CREATE INDEX results_latest_first ON results (completed_at DESC, id);
