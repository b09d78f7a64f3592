CREATE TABLE "at_usage_rollup" (
	"hour" timestamp with time zone NOT NULL,
	"dim" text NOT NULL,
	"provider" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"token_id" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"status" integer DEFAULT 0 NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"completion_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_tokens" bigint DEFAULT 0 NOT NULL,
	"cost" double precision DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	"latency_ms" bigint DEFAULT 0 NOT NULL,
	"latency_hist" integer[],
	CONSTRAINT "at_usage_rollup_hour_dim_provider_model_token_id_source_status_pk" PRIMARY KEY("hour","dim","provider","model","token_id","source","status")
);
--> statement-breakpoint
INSERT INTO "at_usage_rollup" ("hour", "dim", "requests", "prompt_tokens", "completion_tokens", "cached_tokens", "cost", "errors", "latency_ms")
SELECT date_trunc('hour', "time", 'UTC'), 'all', count(*), sum("prompt_tokens"), sum("completion_tokens"), sum("cached_tokens"), sum("cost"), count(*) FILTER (WHERE "status" >= 400), sum("latency_ms")
FROM "at_usage" GROUP BY 1;--> statement-breakpoint
UPDATE "at_usage_rollup" r SET "latency_hist" = h.hist FROM (
	SELECT hours.hour, array_agg(coalesce(b.n, 0)::int ORDER BY g) AS hist
	FROM (SELECT DISTINCT date_trunc('hour', "time", 'UTC') AS hour FROM "at_usage") hours
	CROSS JOIN generate_series(0, 99) g
	LEFT JOIN (
		SELECT date_trunc('hour', "time", 'UTC') AS hour, least(99, floor(ln(greatest("latency_ms", 1)) / ln(1.15)))::int AS i, count(*) AS n
		FROM "at_usage" GROUP BY 1, 2
	) b ON b.hour = hours.hour AND b.i = g
	GROUP BY hours.hour
) h WHERE r."dim" = 'all' AND r."hour" = h.hour;--> statement-breakpoint
INSERT INTO "at_usage_rollup" ("hour", "dim", "provider", "model", "requests", "prompt_tokens", "completion_tokens", "cached_tokens", "cost", "errors", "latency_ms")
SELECT date_trunc('hour', "time", 'UTC'), 'model', "provider", "model", count(*), sum("prompt_tokens"), sum("completion_tokens"), sum("cached_tokens"), sum("cost"), count(*) FILTER (WHERE "status" >= 400), sum("latency_ms")
FROM "at_usage" GROUP BY 1, 3, 4;--> statement-breakpoint
INSERT INTO "at_usage_rollup" ("hour", "dim", "token_id", "source", "requests", "prompt_tokens", "completion_tokens", "cached_tokens", "cost", "errors", "latency_ms")
SELECT date_trunc('hour', "time", 'UTC'), 'token', coalesce("token_id", ''), "source", count(*), sum("prompt_tokens"), sum("completion_tokens"), sum("cached_tokens"), sum("cost"), count(*) FILTER (WHERE "status" >= 400), sum("latency_ms")
FROM "at_usage" GROUP BY 1, 3, 4;--> statement-breakpoint
INSERT INTO "at_usage_rollup" ("hour", "dim", "status", "requests", "prompt_tokens", "completion_tokens", "cached_tokens", "cost", "errors", "latency_ms")
SELECT date_trunc('hour', "time", 'UTC'), 'status', "status", count(*), sum("prompt_tokens"), sum("completion_tokens"), sum("cached_tokens"), sum("cost"), count(*) FILTER (WHERE "status" >= 400), sum("latency_ms")
FROM "at_usage" GROUP BY 1, 3;
