-- Change marks: which process wrote since a spike scan. Each write
-- transaction to the watchlist, the history, the alerts or the detector
-- states adds one to its writer's row (the process's akimwatch.origin and
-- the server process of its connection, so that no two transactions ever
-- wait for one row). Store.ChangeMark sums the rows: a process's scan after
-- its own refresh pass judges the readings it was handed in memory as long
-- as nobody else wrote, and reads them back otherwise (data/alerting).
CREATE TABLE change_marks (
    origin TEXT   NOT NULL,
    pid    INTEGER NOT NULL,
    writes BIGINT NOT NULL,
    PRIMARY KEY (origin, pid)
);

-- akimwatch_count_write counts the current transaction once, however many
-- statements fire it (a transaction-local setting remembers it did). It runs
-- as the owner (SECURITY DEFINER), so an editor's writes are counted even
-- where the editor role was granted only the tables that existed before.
CREATE FUNCTION akimwatch_count_write() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(current_setting('akimwatch.counted', true), '') = '' THEN
        PERFORM set_config('akimwatch.counted', 'yes', true);
        INSERT INTO change_marks(origin, pid, writes)
        VALUES (coalesce(current_setting('akimwatch.origin', true), ''), pg_backend_pid(), 1)
        ON CONFLICT (origin, pid) DO UPDATE SET writes = change_marks.writes + 1;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION akimwatch_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM nextval('akimwatch_change_seq');
    PERFORM pg_notify('akimwatch_changes', coalesce(current_setting('akimwatch.origin', true), ''));
    PERFORM akimwatch_count_write();
    RETURN NULL;
END
$$;

-- Detector states change no view, so they notify nobody, but they are
-- counted: the mark tells a scan's own state writes from other processes'.
CREATE FUNCTION akimwatch_state_written() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM akimwatch_count_write();
    RETURN NULL;
END
$$;
CREATE TRIGGER detector_state_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON detector_state
    FOR EACH STATEMENT EXECUTE FUNCTION akimwatch_state_written();
