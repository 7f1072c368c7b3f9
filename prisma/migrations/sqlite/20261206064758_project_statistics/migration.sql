-- AlterTable
ALTER TABLE "Item" ADD COLUMN "statistics" JSONB;

-- CreateTable
CREATE TABLE "ProjectStatistic" (
    "projectId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" REAL NOT NULL,

    PRIMARY KEY ("projectId", "key"),
    CONSTRAINT "ProjectStatistic_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
