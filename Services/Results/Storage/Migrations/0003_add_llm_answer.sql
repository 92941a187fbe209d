-- An LLM model's whole answer and what it cost. NULL for the built-in models' results, for results
-- stored before answers were recorded, and for whatever the provider did not report.
ALTER TABLE results
    ADD COLUMN answer text,
    ADD COLUMN provider_model text,
    ADD COLUMN finish_reason text,
    ADD COLUMN input_tokens bigint,
    ADD COLUMN output_tokens bigint,
    ADD COLUMN latency_ms double precision;
