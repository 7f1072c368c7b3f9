-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "statistics" JSONB;

-- CreateTable
CREATE TABLE "ProjectStatistic" (
    "projectId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ProjectStatistic_pkey" PRIMARY KEY ("projectId","key")
);

-- AddForeignKey
ALTER TABLE "ProjectStatistic" ADD CONSTRAINT "ProjectStatistic_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
