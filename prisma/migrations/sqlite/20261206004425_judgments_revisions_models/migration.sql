-- AlterTable
ALTER TABLE "Item" ADD COLUMN "waitingSince" DATETIME;

-- CreateTable
CREATE TABLE "RevisionRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "labelerId" TEXT NOT NULL,
    "decisionId" TEXT,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "assignmentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "RevisionRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RevisionRequest_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RevisionRequest_labelerId_fkey" FOREIGN KEY ("labelerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RevisionRequest_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LabelerModel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "taskKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'dawid-skene',
    "items" INTEGER NOT NULL,
    "ratings" INTEGER NOT NULL,
    "parameters" JSONB NOT NULL,
    "fittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LabelerModel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "leasedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "skipReason" TEXT,
    "isRevision" BOOLEAN NOT NULL DEFAULT false,
    "draftVersion" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Assignment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("completedAt", "expiresAt", "id", "itemId", "leasedAt", "projectId", "skipReason", "status", "userId") SELECT "completedAt", "expiresAt", "id", "itemId", "leasedAt", "projectId", "skipReason", "status", "userId" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_projectId_userId_status_idx" ON "Assignment"("projectId", "userId", "status");
CREATE INDEX "Assignment_itemId_status_idx" ON "Assignment"("itemId", "status");
CREATE TABLE "new_ConsensusResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "confidence" REAL,
    "agreement" JSONB,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "trigger" TEXT NOT NULL DEFAULT 'submission',
    "state" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsensusResult_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsensusResult_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ConsensusResult" ("agreement", "confidence", "createdAt", "flagged", "id", "itemId", "method", "projectId", "result") SELECT "agreement", "confidence", "createdAt", "flagged", "id", "itemId", "method", "projectId", "result" FROM "ConsensusResult";
DROP TABLE "ConsensusResult";
ALTER TABLE "new_ConsensusResult" RENAME TO "ConsensusResult";
CREATE INDEX "ConsensusResult_projectId_flagged_idx" ON "ConsensusResult"("projectId", "flagged");
CREATE INDEX "ConsensusResult_itemId_createdAt_idx" ON "ConsensusResult"("itemId", "createdAt");
CREATE TABLE "new_Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "mediaKind" TEXT NOT NULL,
    "labelConfig" JSONB NOT NULL,
    "reviewRules" JSONB,
    "standardization" JSONB,
    "overlap" INTEGER NOT NULL DEFAULT 3,
    "maxOverlap" INTEGER NOT NULL DEFAULT 5,
    "escalationTimeoutHours" INTEGER NOT NULL DEFAULT 24,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "archivedAt" DATETIME,
    CONSTRAINT "Project_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Project" ("archivedAt", "createdAt", "createdById", "description", "id", "labelConfig", "maxOverlap", "mediaKind", "name", "overlap", "reviewRules", "standardization", "updatedAt") SELECT "archivedAt", "createdAt", "createdById", "description", "id", "labelConfig", "maxOverlap", "mediaKind", "name", "overlap", "reviewRules", "standardization", "updatedAt" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "RevisionRequest_assignmentId_key" ON "RevisionRequest"("assignmentId");

-- CreateIndex
CREATE INDEX "RevisionRequest_projectId_labelerId_status_idx" ON "RevisionRequest"("projectId", "labelerId", "status");

-- CreateIndex
CREATE INDEX "RevisionRequest_itemId_status_idx" ON "RevisionRequest"("itemId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "LabelerModel_projectId_taskKey_version_key" ON "LabelerModel"("projectId", "taskKey", "version");

-- CreateIndex
CREATE INDEX "Annotation_labelerId_projectId_submittedAt_idx" ON "Annotation"("labelerId", "projectId", "submittedAt");

-- CreateIndex
CREATE INDEX "Item_projectId_waitingSince_idx" ON "Item"("projectId", "waitingSince");

-- Items already waiting for extra labels (escalated, or sent back to fresh labelers) start their wait now, so the
-- escalation timeout and "nobody left" apply to them too.
-- (In the format the app writes: ISO 8601 with milliseconds and offset, so comparisons with its dates hold.)
UPDATE "Item" SET "waitingSince" = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE "reviewState" = 'escalated' OR ("reviewState" = 'open' AND "extraLabelers" > 0);

-- Judgments made before could let a labeler model overrule agreement or make the uncertainty class a consensus label:
-- undecided judged items are judged again under the new rules (rejudgeStaleItems in lib/server/judging.ts).
UPDATE "Item" SET "agreementAt" = NULL WHERE "reviewState" IN ('accepted', 'flagged');
