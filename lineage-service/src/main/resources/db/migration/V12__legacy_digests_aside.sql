-- Digests of replay differences and traced reads are typed now (issue 19): ReplayVerdictRecordedEvent
-- revision 4 and RunExecutionObservedEvent revision 2, whose upcasters move a stored value that is
-- not 'sha256:<64 lowercase hex>' aside (the field becomes null, the text goes into invalid…).
-- The read model holds what the projection wrote from the older revisions: the same rule here, so
-- a row reads as a rebuild would write it. Valid values and nulls are left as they are; rows
-- without such a value are not touched. The event store is not touched.

CREATE FUNCTION pg_temp.digest_aside(element JSONB, field TEXT, aside TEXT) RETURNS JSONB
LANGUAGE SQL IMMUTABLE AS $fn$
    SELECT CASE
        WHEN jsonb_typeof(element) <> 'object'
            OR (element -> field) IS NULL
            OR jsonb_typeof(element -> field) = 'null'
            OR (jsonb_typeof(element -> field) = 'string' AND (element ->> field) ~ '^sha256:[0-9a-f]{64}$')
            THEN element
        ELSE element || jsonb_build_object(
                field, NULL,
                aside, CASE WHEN jsonb_typeof(element -> field) = 'string'
                            THEN element ->> field ELSE (element -> field)::text END)
    END
$fn$;

CREATE FUNCTION pg_temp.digests_aside_in_each(elements JSONB, field TEXT, aside TEXT) RETURNS JSONB
LANGUAGE SQL IMMUTABLE AS $fn$
    SELECT CASE
        WHEN jsonb_typeof(elements) <> 'array' THEN elements
        ELSE COALESCE(
            (SELECT jsonb_agg(pg_temp.digest_aside(e, field, aside) ORDER BY n)
               FROM jsonb_array_elements(elements) WITH ORDINALITY AS x(e, n)),
            '[]'::jsonb)
    END
$fn$;

UPDATE runs
   SET differences = pg_temp.digests_aside_in_each(
           pg_temp.digests_aside_in_each(differences, 'originalDigest', 'invalidOriginalDigest'),
           'replayDigest', 'invalidReplayDigest')
 WHERE differences IS NOT NULL
   AND differences IS DISTINCT FROM pg_temp.digests_aside_in_each(
           pg_temp.digests_aside_in_each(differences, 'originalDigest', 'invalidOriginalDigest'),
           'replayDigest', 'invalidReplayDigest');

UPDATE runs
   SET execution = jsonb_set(
           pg_temp.digest_aside(execution, 'variablesDigest', 'invalidVariablesDigest'),
           '{undeclaredReads}',
           pg_temp.digests_aside_in_each(
               COALESCE(execution -> 'undeclaredReads', '[]'::jsonb), 'digest', 'invalidDigest'))
 WHERE jsonb_typeof(execution) = 'object'
   AND execution IS DISTINCT FROM jsonb_set(
           pg_temp.digest_aside(execution, 'variablesDigest', 'invalidVariablesDigest'),
           '{undeclaredReads}',
           pg_temp.digests_aside_in_each(
               COALESCE(execution -> 'undeclaredReads', '[]'::jsonb), 'digest', 'invalidDigest'));
