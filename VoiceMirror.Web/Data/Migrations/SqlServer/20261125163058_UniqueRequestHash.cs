using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceMirror.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UniqueRequestHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Animations_RequestHash",
                table: "Animations");

            migrationBuilder.AddColumn<string>(
                name: "JobId",
                table: "Animations",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            // Earlier versions could hold several rows of one request (failed ones, then a new one): all but the
            // newest get a hash no request can produce, so the unique index can be built.
            migrationBuilder.Sql(
                "UPDATE Animations SET RequestHash = CONCAT('superseded-', Id) " +
                "WHERE Id NOT IN (SELECT MAX(Id) FROM Animations GROUP BY RequestHash)");

            migrationBuilder.CreateIndex(
                name: "IX_Animations_RequestHash",
                table: "Animations",
                column: "RequestHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Animations_RequestHash",
                table: "Animations");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "Animations");

            migrationBuilder.CreateIndex(
                name: "IX_Animations_RequestHash",
                table: "Animations",
                column: "RequestHash");
        }
    }
}
