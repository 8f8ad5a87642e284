-- An agent card sums the agent's daily rollups. With the measures carried in the primary key's
-- index that is an index-only scan instead of a heap page per day (measured on 50 cards × 91 days:
-- 3.3 ms → 1.3 ms for the page's metrics). Upserts of a day's row then update the index too.
ALTER TABLE "agent_daily_stats" DROP CONSTRAINT "agent_daily_stats_agent_id_day_pk";--> statement-breakpoint
ALTER TABLE "agent_daily_stats" ADD CONSTRAINT "agent_daily_stats_agent_id_day_pk" PRIMARY KEY ("agent_id","day")
  INCLUDE ("interactions","response_time_sum","cost","positive_ratings","negative_ratings","rating_sum");
