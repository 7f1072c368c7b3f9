-- Items now add agreement sums too, and the sums are read by figure: every item is counted again when the server
-- starts (countUncountedItems), after its project's metadata facets are found.
DELETE FROM "ProjectStatistic";
UPDATE "Item" SET "statistics" = NULL;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "metadataFacets" JSONB;

-- AlterTable
ALTER TABLE "ProjectStatistic" DROP CONSTRAINT "ProjectStatistic_pkey",
ADD COLUMN     "figure" TEXT NOT NULL,
ADD CONSTRAINT "ProjectStatistic_pkey" PRIMARY KEY ("projectId", "figure", "key");

-- CreateTable
CREATE TABLE "ReviewSessionItem" (
    "sessionId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ReviewSessionItem_pkey" PRIMARY KEY ("sessionId","itemId")
);

-- A session's list of items becomes its rows, in the list's order.
INSERT INTO "ReviewSessionItem" ("sessionId", "itemId", "position")
SELECT s."id", j.value, (j.ordinality - 1)::int FROM "ReviewSession" s CROSS JOIN LATERAL jsonb_array_elements_text(s."itemIds") WITH ORDINALITY AS j(value, ordinality)
WHERE EXISTS (SELECT 1 FROM "Item" i WHERE i."id" = j.value)
ON CONFLICT DO NOTHING;

-- AlterTable
ALTER TABLE "ReviewSession" DROP COLUMN "itemIds";

-- CreateIndex
CREATE INDEX "ReviewSessionItem_itemId_idx" ON "ReviewSessionItem"("itemId");

-- CreateIndex
CREATE INDEX "ReviewDecision_projectId_createdAt_idx" ON "ReviewDecision"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "ReviewSessionItem" ADD CONSTRAINT "ReviewSessionItem_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReviewSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewSessionItem" ADD CONSTRAINT "ReviewSessionItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
