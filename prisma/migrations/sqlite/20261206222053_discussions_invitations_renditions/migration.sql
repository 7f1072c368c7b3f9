-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "skipNote" TEXT;

-- AlterTable
ALTER TABLE "GuidelineDraft" ADD COLUMN "editedAt" DATETIME;
ALTER TABLE "GuidelineDraft" ADD COLUMN "rejectedAt" DATETIME;
ALTER TABLE "GuidelineDraft" ADD COLUMN "rejectedById" TEXT;
ALTER TABLE "GuidelineDraft" ADD COLUMN "rejectionNote" TEXT;

-- AlterTable
ALTER TABLE "GuidelineVersion" ADD COLUMN "draftId" TEXT;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN "skipReasons" JSONB;

-- CreateTable
CREATE TABLE "PasswordLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PasswordLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PasswordLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "authorId" TEXT,
    "parentId" TEXT,
    "body" TEXT NOT NULL,
    "anchor" JSONB,
    "mentions" JSONB,
    "isQuestion" BOOLEAN NOT NULL DEFAULT false,
    "resolvedAt" DATETIME,
    "resolvedById" TEXT,
    "resolutionNote" TEXT,
    "resolutionDecisionId" TEXT,
    "resolutionGuidelineVersion" INTEGER,
    "editedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Comment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comment_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comment_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InboxEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "commentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InboxEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InboxEntry_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InboxEntry_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InboxEntry_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Item" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "importBatchId" TEXT,
    "mediaPath" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "renditionPath" TEXT,
    "tilesPath" TEXT,
    "durationMs" INTEGER,
    "metadata" JSONB NOT NULL,
    "source" TEXT,
    "leaseVersion" INTEGER NOT NULL DEFAULT 0,
    "submittedCount" INTEGER NOT NULL DEFAULT 0,
    "leaseCount" INTEGER NOT NULL DEFAULT 0,
    "queueRank" INTEGER DEFAULT 2,
    "queueCertainty" REAL NOT NULL DEFAULT 2,
    "agreement" JSONB,
    "agreementAt" DATETIME,
    "reviewState" TEXT NOT NULL DEFAULT 'open',
    "flagReasons" JSONB,
    "reviewScore" REAL,
    "extraLabelers" INTEGER NOT NULL DEFAULT 0,
    "waitingSince" DATETIME,
    "statistics" JSONB,
    "openDiscussions" INTEGER NOT NULL DEFAULT 0,
    "commentCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Item_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Item_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("agreement", "agreementAt", "createdAt", "durationMs", "extraLabelers", "flagReasons", "height", "id", "importBatchId", "leaseCount", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "queueCertainty", "queueRank", "reviewScore", "reviewState", "sha256", "sizeBytes", "source", "statistics", "submittedCount", "waitingSince", "width") SELECT "agreement", "agreementAt", "createdAt", "durationMs", "extraLabelers", "flagReasons", "height", "id", "importBatchId", "leaseCount", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "queueCertainty", "queueRank", "reviewScore", "reviewState", "sha256", "sizeBytes", "source", "statistics", "submittedCount", "waitingSince", "width" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_projectId_queueRank_createdAt_id_idx" ON "Item"("projectId", "queueRank", "createdAt", "id");
CREATE INDEX "Item_projectId_queueRank_queueCertainty_createdAt_id_idx" ON "Item"("projectId", "queueRank", "queueCertainty", "createdAt", "id");
CREATE INDEX "Item_projectId_createdAt_id_idx" ON "Item"("projectId", "createdAt", "id");
CREATE INDEX "Item_projectId_submittedCount_idx" ON "Item"("projectId", "submittedCount");
CREATE INDEX "Item_projectId_reviewState_reviewScore_id_idx" ON "Item"("projectId", "reviewState", "reviewScore", "id");
CREATE INDEX "Item_projectId_waitingSince_idx" ON "Item"("projectId", "waitingSince");
CREATE INDEX "Item_projectId_id_idx" ON "Item"("projectId", "id");
CREATE INDEX "Item_projectId_originalName_idx" ON "Item"("projectId", "originalName");
CREATE INDEX "Item_projectId_openDiscussions_idx" ON "Item"("projectId", "openDiscussions");
CREATE UNIQUE INDEX "Item_projectId_sha256_key" ON "Item"("projectId", "sha256");
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "sessionVersion" INTEGER NOT NULL DEFAULT 1,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("createdAt", "disabledAt", "email", "id", "isAdmin", "name", "passwordHash", "sessionVersion", "updatedAt") SELECT "createdAt", "disabledAt", "email", "id", "isAdmin", "name", "passwordHash", "sessionVersion", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PasswordLink_tokenHash_key" ON "PasswordLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordLink_userId_idx" ON "PasswordLink"("userId");

-- CreateIndex
CREATE INDEX "Comment_itemId_createdAt_idx" ON "Comment"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_projectId_createdAt_idx" ON "Comment"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_parentId_idx" ON "Comment"("parentId");

-- CreateIndex
CREATE INDEX "InboxEntry_userId_readAt_createdAt_idx" ON "InboxEntry"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEntry_userId_commentId_key" ON "InboxEntry"("userId", "commentId");
