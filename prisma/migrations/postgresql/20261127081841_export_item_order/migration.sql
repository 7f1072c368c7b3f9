-- CreateIndex
CREATE INDEX "Item_projectId_id_idx" ON "Item"("projectId", "id");
