-- Items now add agreement sums too, and the sums are read by figure: every item is counted again when the server
-- starts (countUncountedItems), after its project's metadata facets are found.
DELETE FROM "ProjectStatistic";
UPDATE "Item" SET "statistics" = NULL;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN "metadataFacets" JSONB;

-- CreateTable
CREATE TABLE "ReviewSessionItem" (
    "sessionId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("sessionId", "itemId"),
    CONSTRAINT "ReviewSessionItem_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReviewSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewSessionItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A session's list of items becomes its rows, in the list's order.
INSERT OR IGNORE INTO "ReviewSessionItem" ("sessionId", "itemId", "position")
SELECT s."id", j."value", j."key" FROM "ReviewSession" s, json_each(s."itemIds") j
WHERE EXISTS (SELECT 1 FROM "Item" i WHERE i."id" = j."value");

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProjectStatistic" (
    "projectId" TEXT NOT NULL,
    "figure" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" REAL NOT NULL,

    PRIMARY KEY ("projectId", "figure", "key"),
    CONSTRAINT "ProjectStatistic_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProjectStatistic" ("key", "projectId", "value") SELECT "key", "projectId", "value" FROM "ProjectStatistic";
DROP TABLE "ProjectStatistic";
ALTER TABLE "new_ProjectStatistic" RENAME TO "ProjectStatistic";
CREATE TABLE "new_ReviewSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "ReviewSession_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewSession_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ReviewSession" ("closedAt", "createdAt", "createdById", "id", "name", "projectId") SELECT "closedAt", "createdAt", "createdById", "id", "name", "projectId" FROM "ReviewSession";
DROP TABLE "ReviewSession";
ALTER TABLE "new_ReviewSession" RENAME TO "ReviewSession";
CREATE INDEX "ReviewSession_projectId_createdAt_idx" ON "ReviewSession"("projectId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReviewSessionItem_itemId_idx" ON "ReviewSessionItem"("itemId");

-- CreateIndex
CREATE INDEX "ReviewDecision_projectId_createdAt_idx" ON "ReviewDecision"("projectId", "createdAt");
