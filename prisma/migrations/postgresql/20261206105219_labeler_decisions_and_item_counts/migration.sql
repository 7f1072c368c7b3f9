-- DropIndex
DROP INDEX "Item_projectId_createdAt_idx";

-- DropIndex
DROP INDEX "Item_projectId_reviewState_reviewScore_idx";

-- CreateTable
CREATE TABLE "LabelerDecision" (
    "labelerId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LabelerDecision_pkey" PRIMARY KEY ("decisionId","labelerId")
);

-- CreateIndex
CREATE INDEX "LabelerDecision_labelerId_projectId_createdAt_idx" ON "LabelerDecision"("labelerId", "projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Item_projectId_createdAt_id_idx" ON "Item"("projectId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Item_projectId_reviewState_reviewScore_id_idx" ON "Item"("projectId", "reviewState", "reviewScore", "id");

-- AddForeignKey
ALTER TABLE "LabelerDecision" ADD CONSTRAINT "LabelerDecision_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "ReviewDecision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every decision that resolved an item, for each labeler who had answered it (as feedback looked them up before).
INSERT INTO "LabelerDecision" ("labelerId", "decisionId", "projectId", "createdAt")
SELECT DISTINCT a."labelerId", d."id", d."projectId", d."createdAt"
FROM "ReviewDecision" d JOIN "Annotation" a ON a."itemId" = d."itemId" AND NOT a."isDraft"
WHERE d."action" NOT IN ('exclude', 'relabel');

-- Each project's item total, and its items by their number of labels (lib/quality/item-statistics.ts): added to what
-- each labeled item adds, and to the project's sums, as counting them afresh would.
INSERT INTO "ProjectStatistic" ("projectId", "figure", "key", "value")
SELECT "projectId", 'items', '["items"]', COUNT(*) FROM "Item" GROUP BY "projectId";

UPDATE "Item" SET "statistics" = "statistics" || jsonb_build_object('["labels",' || "submittedCount" || ']', 1)
WHERE "submittedCount" > 0 AND "statistics" IS NOT NULL;

INSERT INTO "ProjectStatistic" ("projectId", "figure", "key", "value")
SELECT "projectId", 'labels', '["labels",' || "submittedCount" || ']', COUNT(*) FROM "Item"
WHERE "submittedCount" > 0 AND "statistics" IS NOT NULL GROUP BY "projectId", "submittedCount";
