-- CreateTable
CREATE TABLE "ProjectExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "requestedById" TEXT,
    "format" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "itemsWritten" INTEGER NOT NULL DEFAULT 0,
    "itemsTotal" INTEGER,
    "sha256" TEXT,
    "sizeBytes" BIGINT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "expiresAt" DATETIME,
    CONSTRAINT "ProjectExport_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProjectExport_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ProjectExport_projectId_createdAt_idx" ON "ProjectExport"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "ProjectExport_expiresAt_idx" ON "ProjectExport"("expiresAt");
